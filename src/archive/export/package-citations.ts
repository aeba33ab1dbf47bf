// The citations of a package: one per post version it carries (from the observation records and
// the post records themselves), one per event (its latest status in the package), one per capture.
// Built only from the records in the package, so a citation never says more than the package
// proves. Pure.
import { PostRecord } from '../../scrapers/types.js';
import { CaptureManifest, EventRecord, ObservationRecord } from '../types.js';
import { citationFromEvent, citationFromManifest, citationFromPost, firstWords, type AccountCiteInput, type Citation } from './citations.js';

export interface CitedRecord {
  kind: 'capture' | 'observation' | 'event';
  key: string;
  json: unknown;
  /** sha256 of the stored record bytes (the digest in the ledger). */
  sha256: string;
  seq: number;
}

export interface PackageCiteInput {
  records: readonly CitedRecord[];
  /** Post id -> included? (undefined: every post of the observation is in the package). */
  includes: (observationKey: string, postId: string) => boolean;
  /** The post record bytes, by blob sha256. */
  postBlob: (sha256: string) => Buffer | undefined;
  link: (kind: 'capture' | 'post' | 'event', id: string, target: string, bucketKey: string) => string;
}

const STATUS_RANK: Record<string, number> = { candidate: 0, dismissed: 1, confirmed: 2 };
const ACCOUNT_STATE: Record<string, string> = {
  account_deleted: 'not_found',
  account_suspended: 'suspended',
  account_restricted: 'restricted',
  account_geo_blocked: 'geo_blocked',
  account_private: 'private',
};

export function packageCitations(input: PackageCiteInput): Citation[] {
  const events = new Map<string, { rec: EventRecord; r: CitedRecord }>();
  const observations: { rec: ObservationRecord; r: CitedRecord }[] = [];
  const captures: { m: CaptureManifest; r: CitedRecord }[] = [];
  for (const r of input.records) {
    if (r.kind === 'event') {
      const rec = EventRecord.parse(r.json);
      const had = events.get(rec.id);
      if (!had || STATUS_RANK[rec.status] >= STATUS_RANK[had.rec.status]) events.set(rec.id, { rec, r });
    } else if (r.kind === 'observation') observations.push({ rec: ObservationRecord.parse(r.json), r });
    else captures.push({ m: CaptureManifest.parse(r.json), r });
  }
  observations.sort((a, b) => a.rec.observedAt.localeCompare(b.rec.observedAt));

  // What the package's events say happened to each post and account (confirmed ones only).
  const confirmed = [...events.values()].map((e) => e.rec).filter((e) => e.status === 'confirmed');
  const deletedAt = new Map<string, string>();
  const edited = new Set<string>();
  const accountState = new Map<string, { state: string; since: string }>();
  for (const e of confirmed) {
    if (e.type === 'post_deleted' && e.postId) deletedAt.set(`${e.target}\u0000${e.postId}`, e.window.firstChangedAt);
    if (e.type === 'post_edited' && e.postId) edited.add(`${e.target}\u0000${e.postId}`);
    if (ACCOUNT_STATE[e.type]) accountState.set(e.target, { state: ACCOUNT_STATE[e.type], since: e.window.firstChangedAt });
  }
  const account = (o: ObservationRecord): AccountCiteInput => ({
    platform: o.platform,
    account: o.channel?.username ? `@${o.channel.username.replace(/^@/, '')}` : o.target,
    state: accountState.get(o.target)?.state,
    stateSince: accountState.get(o.target)?.since,
  });

  // Posts: every distinct version carried, cited with the observation that first listed it.
  type Version = { post: PostRecord; sha256: string; observedAt: string; observationId: string; o: ObservationRecord; r: CitedRecord };
  const versions = new Map<string, Version[]>();
  for (const { rec: o, r } of observations) {
    for (const p of o.posts) {
      if (!input.includes(r.key, p.id)) continue;
      const k = `${o.target}\u0000${p.id}`;
      const list = versions.get(k) ?? [];
      if (list.some((v) => v.sha256 === p.sha256)) continue;
      const bytes = input.postBlob(p.sha256);
      const post = bytes ? PostRecord.safeParse(JSON.parse(bytes.toString('utf8'))) : undefined;
      if (!post?.success) continue;
      list.push({ post: post.data, sha256: p.sha256, observedAt: o.observedAt, observationId: o.id, o, r });
      versions.set(k, list);
    }
  }
  const posts: Citation[] = [];
  const aboutPost = new Map<string, { title: string; url: string; publishedAt?: string }>();
  for (const [k, list] of versions) {
    const all = list.map((v) => ({ sha256: v.sha256, observedAt: v.observedAt, observationId: v.observationId }));
    list.forEach((v, i) => {
      const p = v.post;
      const c = citationFromPost(
        { targetId: v.o.target, id: p.id, url: p.url, text: p.text, publishedAt: p.publishedAt, edited: edited.has(k) || p.edited || list.length > 1, deleted: deletedAt.has(k), deletedAt: deletedAt.get(k), versions: all.slice(0, i + 1) },
        account(v.o),
        input.link('post', p.id, v.o.target, v.r.key),
        { key: v.r.key, seq: v.r.seq },
      );
      // Each version's own digest; the words say which version it is.
      const which = list.length > 1 ? `version ${i + 1} of ${list.length}` : undefined;
      const happened = [which, c.happened].filter(Boolean).join('; ');
      posts.push({ ...c, sha256: v.sha256, archivedAt: new Date(v.observedAt).toISOString(), ...(happened ? { happened } : {}) });
    });
    const last = list[list.length - 1].post;
    aboutPost.set(k, { title: last.text.trim() ? firstWords(last.text) : last.url, url: last.url, publishedAt: last.publishedAt });
  }

  const byTarget = new Map(observations.map((o) => [o.rec.target, o.rec]));
  const eventCites = [...events.values()].map(({ rec: e, r }) => {
    const o = byTarget.get(e.target);
    const acc = o ? account(o) : { platform: platformOfCaptures(captures, e.target) ?? 'unknown', account: e.target };
    const about = e.postId ? (aboutPost.get(`${e.target}\u0000${e.postId}`) ?? { title: e.postId }) : { url: o?.url };
    return citationFromEvent(e, acc, about, r.sha256, input.link('event', e.id, e.target, r.key), { key: r.key, seq: r.seq });
  });

  const captureCites = captures.map(({ m, r }) => citationFromManifest(m, r.sha256, input.link('capture', m.id, m.target ?? '', r.key), { key: r.key, seq: r.seq }));
  return [...posts, ...eventCites, ...captureCites];
}

const platformOfCaptures = (caps: readonly { m: CaptureManifest }[], target: string): string | undefined => {
  const md = caps.find((c) => c.m.target === target && typeof c.m.metadata?.platform === 'string')?.m.metadata?.platform;
  return typeof md === 'string' ? md : undefined;
};
