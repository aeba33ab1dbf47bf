// Citations of the items the API answers with (posts, events, captures): the same lines the
// evidence packages carry, with the ledger position when a checkpoint covers the record.
import type { FastifyRequest } from 'fastify';
import { captureKey, eventKey, observationKey } from '../archive/keys.js';
import { jsonBytes } from '../archive/json.js';
import type { CaptureManifest } from '../archive/types.js';
import { citationFromEvent, citationFromManifest, citationFromPost, citationLine, firstWords, type AccountCiteInput, type Citation } from '../archive/export/citations.js';
import type { EventRow, PostRow, TargetRow } from '../catalog/types.js';
import { sha256Hex } from '../ids.js';
import type { ApiDeps } from './deps.js';
import type { CitationJson } from './schemas.js';

/** This server's address as the client reached it (publicUrl when set). */
export const serverBase = (req: FastifyRequest, deps: Pick<ApiDeps, 'settings'>): string =>
  deps.settings.http.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;

export const postLink = (base: string, target: string, postId: string): string => `${base}/api/targets/${encodeURIComponent(target)}/posts/${encodeURIComponent(postId)}`;

export const citationJson = (c: Citation): CitationJson => ({
  kind: c.kind ?? 'capture',
  platform: c.platform,
  account: c.account,
  title: c.title,
  url: c.url,
  publishedAt: c.publishedAt ?? null,
  archivedAt: c.archivedAt,
  happened: c.happened ?? null,
  sha256: c.sha256,
  ledgerKey: c.ledgerKey ?? null,
  ledgerSeq: c.ledgerSeq ?? null,
  archiveUrl: c.archiveUrl,
  markdown: citationLine(c),
});

export const accountOf = (t: Pick<TargetRow, 'platform' | 'key' | 'state' | 'stateSince' | 'channel'> | undefined, fallback: string): AccountCiteInput => ({
  platform: t?.platform ?? 'unknown',
  account: t?.channel?.username ? `@${t.channel.username.replace(/^@/, '')}` : (t?.key ?? fallback),
  ...(t?.state ? { state: t.state } : {}),
  ...(t?.stateSince ? { stateSince: t.stateSince } : {}),
});

/** Ledger positions of record keys, when the process can look them up (else none). */
const positions = async (deps: ApiDeps, keys: string[]): Promise<Map<string, number>> => {
  if (!deps.ledgerPositions || !keys.length) return new Map();
  try {
    return await deps.ledgerPositions(keys);
  } catch {
    // A citation without its position is still a citation; the position is asked again next time.
    return new Map();
  }
};

/** Citations of a page of posts (one target's or mixed), in order. */
export async function postCitations(deps: ApiDeps, base: string, posts: readonly PostRow[], targets: ReadonlyMap<string, TargetRow | undefined>): Promise<Citation[]> {
  const keyOf = (p: PostRow) => (p.versions.length ? observationKey(p.versions[p.versions.length - 1].observationId) : undefined);
  const seqs = await positions(deps, posts.map(keyOf).filter((k): k is string => !!k));
  return posts.map((p) => {
    const key = keyOf(p);
    return citationFromPost(p, accountOf(targets.get(p.targetId), p.targetId), postLink(base, p.targetId, p.id), key ? { key, seq: seqs.get(key) } : undefined);
  });
}

/** The stored record bytes the ledger hashed (the catalog's copy is a re-serialization). */
const storedSha = async (deps: ApiDeps, key: string, fallback: unknown): Promise<string> => {
  const b = deps.archive.getRecordBytes ? await deps.archive.getRecordBytes(key).catch(() => null) : null;
  return sha256Hex(b ?? jsonBytes(fallback));
};

export async function eventCitations(deps: ApiDeps, base: string, events: readonly EventRow[], targets: ReadonlyMap<string, TargetRow | undefined>): Promise<Citation[]> {
  const keys = events.map((e) => eventKey(e.id, e.status));
  const seqs = await positions(deps, keys);
  return Promise.all(
    events.map(async (e, i) => {
      const post = e.postId ? await deps.catalog.getPost(e.target, e.postId) : null;
      const about = post ? { title: post.text.trim() ? firstWords(post.text) : post.url, url: post.url, publishedAt: post.publishedAt } : { ...(e.postId ? { title: e.postId } : {}) };
      const sha = await storedSha(deps, keys[i], e);
      return citationFromEvent(e, accountOf(targets.get(e.target), e.target), about, sha, `${base}/api/events/${encodeURIComponent(e.id)}`, { key: keys[i], seq: seqs.get(keys[i]) });
    }),
  );
}

export async function captureCitation(deps: ApiDeps, base: string, m: CaptureManifest): Promise<Citation> {
  const key = captureKey(m.id);
  const [sha, seqs] = await Promise.all([storedSha(deps, key, m), positions(deps, [key])]);
  return citationFromManifest(m, sha, `${base}/api/captures/${m.id}`, { key, seq: seqs.get(key) });
}

/** Target rows by id, read once per answer. */
export async function targetRows(deps: ApiDeps, ids: Iterable<string>): Promise<Map<string, TargetRow | undefined>> {
  const out = new Map<string, TargetRow | undefined>();
  for (const id of new Set(ids)) out.set(id, (await deps.catalog.getTarget(id)) ?? undefined);
  return out;
}
