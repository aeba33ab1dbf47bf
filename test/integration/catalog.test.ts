// Catalog on both backends, the embedded PGlite (in memory) and a real PostgreSQL server:
// idempotent apply, versions kept, deleted flag, search, and order numbers beyond 32 bits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Catalog } from '../../src/catalog/types.js';
import type { CaptureManifest, EventRecord, ObservationRecord } from '../../src/archive/types.js';
import type { PostRecord } from '../../src/scrapers/types.js';
import { sha256Hex } from '../../src/ids.js';
import { isVigilError } from '../../src/errors.js';
import { stableNum } from '../../src/scrapers/stable-hash.js';
import { fixturePosts, postSha } from '../unit/catalog/fixturePosts.js';
import { CATALOG_BACKENDS, useCatalogBackends } from '../helpers/catalogBackends.js';

const log = pino({ level: 'silent' });
const T = 'topwar';
const posts = fixturePosts();
const backends = useCatalogBackends();

const obs = (id: string, at: string, ps: PostRecord[], state: ObservationRecord['state'] = 'ok'): [ObservationRecord, { record: PostRecord; sha256: string }[]] => [
  {
    v: 1, id, target: T, platform: 'telegram', url: 'https://t.me/s/topwar_official', observedAt: at, state,
    captures: [], posts: ps.map((p) => ({ id: p.id, key: p.key, order: p.order, sha256: postSha(p), views: p.views })),
    contentDigest: sha256Hex(id),
  },
  ps.map((p) => ({ record: p, sha256: postSha(p) })),
];

describe.each(CATALOG_BACKENDS)('catalog on %s', (backend) => {
  let cat: Catalog;
  beforeAll(async () => {
    cat = await backends.open(backend, log);
    await cat.upsertTarget({ id: T, spec: 'telegram:topwar_official', platform: 'telegram', key: 'topwar_official', everyMs: 300000, tags: ['media'], createdAt: '2024-01-01T00:00:00.000Z' });
  });
  afterAll(async () => cat?.close());

  it('migrate is idempotent', async () => {
    await cat.migrate();
    await cat.migrate();
    expect((await cat.listTargets()).map((t) => t.id)).toEqual([T]);
  });

  it('applies an observation once, however often it is re-applied', async () => {
    const [rec, ps] = obs('01J0000000000000000000000A', '2024-01-02T10:00:00.000Z', posts);
    await cat.applyObservation(rec, ps);
    const first = await cat.listPosts(T, { limit: 100 });
    await cat.applyObservation(rec, ps);
    await cat.applyObservation(rec, ps);
    const again = await cat.listPosts(T, { limit: 100 });
    expect(again).toEqual(first);
    expect(again).toHaveLength(posts.length);
    expect(again.every((p) => p.versions.length === 1 && !p.edited && !p.deleted)).toBe(true);
    expect(again[0].num).toBeGreaterThan(again[1].num); // newest first
    const t = await cat.getTarget(T);
    expect(t).toMatchObject({ state: 'ok', postCount: posts.length, lastObservedAt: '2024-01-02T10:00:00.000Z', lastOkAt: '2024-01-02T10:00:00.000Z' });
  });

  it('keeps every version when a post is edited, and ignores view-count changes', async () => {
    const p = posts[0];
    const edited = { ...p, text: p.text + ' [UPDATE: figures corrected]', edited: true };
    const [r2, ps2] = obs('01J0000000000000000000000B', '2024-01-02T11:00:00.000Z', [{ ...p, views: 999 }]);
    await cat.applyObservation(r2, ps2); // only views changed -> no new version
    const [r3, ps3] = obs('01J0000000000000000000000C', '2024-01-02T12:00:00.000Z', [edited]);
    await cat.applyObservation(r3, ps3);
    await cat.applyObservation(r3, ps3);
    const row = await cat.getPost(T, p.id);
    expect(row?.versions.map((v) => v.text)).toEqual([p.text, edited.text]);
    expect(row?.versions.map((v) => v.sha256)).toEqual([postSha(p), postSha(edited)]);
    expect(row).toMatchObject({ edited: true, text: edited.text, views: 999, firstSeenAt: '2024-01-02T10:00:00.000Z', lastSeenAt: '2024-01-02T12:00:00.000Z' });
    // An older observation applied late does not overwrite the current text.
    const [old, oldPs] = obs('01J0000000000000000000000A', '2024-01-02T10:00:00.000Z', [p]);
    await cat.applyObservation(old, oldPs);
    expect((await cat.getPost(T, p.id))?.text).toBe(edited.text);
  });

  it('upserts events by id, moves status forward only, and marks confirmed deletions', async () => {
    const p = posts[1];
    const ev: EventRecord = {
      v: 1, id: '01J00000000000000000000E01', type: 'post_deleted', status: 'candidate', target: T, postId: p.id,
      detectedAt: '2024-01-03T00:00:00.000Z', window: { lastOkAt: '2024-01-02T12:00:00.000Z', firstChangedAt: '2024-01-03T00:00:00.000Z' },
      confidence: 0.6, rule: 'post_missing_in_range', evidence: ['01J0000000000000000000000C'],
    };
    await cat.applyEvent(ev);
    expect((await cat.getPost(T, p.id))?.deleted).toBe(false);
    const confirmed = { ...ev, status: 'confirmed' as const, confirmedAt: '2024-01-03T00:05:00.000Z', confidence: 0.95, evidence: [...ev.evidence, 'CAPTURE1'] };
    await cat.applyEvent(confirmed);
    await cat.applyEvent(ev); // a late candidate record must not downgrade
    const e = await cat.getEvent(ev.id);
    expect(e).toMatchObject({ status: 'confirmed', confirmedAt: '2024-01-03T00:05:00.000Z', confidence: 0.95, evidence: ['01J0000000000000000000000C', 'CAPTURE1'] });
    expect(await cat.getPost(T, p.id)).toMatchObject({ deleted: true, deletedAt: '2024-01-03T00:05:00.000Z' });
    expect((await cat.listEvents({ status: 'confirmed' })).map((x) => x.id)).toEqual([ev.id]);
    expect(await cat.listEvents({ type: 'account_deleted' })).toEqual([]);
    expect((await cat.listPosts(T, { includeDeleted: false, limit: 100 })).some((x) => x.id === p.id)).toBe(false);
  });

  it('applies captures and links their artifacts to the post', async () => {
    const m: CaptureManifest = {
      v: 1, id: '01J00000000000000000000C01', kind: 'browser', status: 'done', target: T, postId: posts[2].id,
      url: posts[2].url, tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test', startedAt: '2024-01-02T10:00:01.000Z',
      finishedAt: '2024-01-02T10:00:05.000Z',
      artifacts: [{ name: 'screenshot.png', sha256: 'a'.repeat(64), size: 1234, type: 'image/png' }],
    };
    await cat.applyCapture(m);
    await cat.applyCapture({ ...m, status: 'running' }); // never goes backwards
    expect(await cat.getCapture(m.id)).toEqual(m);
    expect((await cat.getPost(T, posts[2].id))?.artifacts).toEqual([{ name: 'screenshot.png', sha256: 'a'.repeat(64), size: 1234, type: 'image/png', captureId: m.id }]);
    expect(await cat.findArtifact?.('a'.repeat(64))).toEqual({ name: 'screenshot.png', type: 'image/png', size: 1234, captureId: m.id });
  });

  it('full-text search over post text (simple config, Cyrillic)', async () => {
    const word = posts[3].text.split(/\s+/).find((w) => w.length > 6)!.replace(/[^\p{L}]/gu, '');
    const hits = await cat.searchPosts(word);
    expect(hits.map((h) => h.id)).toContain(posts[3].id);
    expect(hits.every((h) => h.text.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    expect(await cat.searchPosts('zzzznotawordzzzz')).toEqual([]);
  });

  it('touchTarget moves state forward and ignores no-verdict states', async () => {
    await cat.touchTarget(T, '2024-01-04T00:00:00.000Z', 'rate_limited');
    expect(await cat.getTarget(T)).toMatchObject({ state: 'ok', lastObservedAt: '2024-01-04T00:00:00.000Z' });
    await cat.touchTarget(T, '2024-01-05T00:00:00.000Z', 'restricted');
    await cat.touchTarget(T, '2024-01-04T12:00:00.000Z', 'ok'); // stale report
    expect(await cat.getTarget(T)).toMatchObject({ state: 'restricted', stateSince: '2024-01-05T00:00:00.000Z', lastOkAt: '2024-01-02T12:00:00.000Z' });
  });

  it('after a rename, the same message under the new username is the same post (new URL), and its deletion lands on it', async () => {
    const p = posts[2];
    const renamedId = p.id.replace(/^[^/]+/, 'topwar_renamed');
    const renamed = { ...p, id: renamedId, url: `https://t.me/${renamedId}` };
    const [r, ps] = obs('01J0000000000000000000000R', '2024-01-06T10:00:00.000Z', [renamed]);
    await cat.applyObservation(r, ps);
    const all = await cat.listPosts(T, { limit: 100 });
    expect(all).toHaveLength(posts.length);
    const row = all.find((x) => x.key === p.key)!;
    expect(row.numKey).toBe(p.order);
    expect(row.id).toBe(p.id);
    expect(row.url).toBe(renamed.url);
    const ev: EventRecord = {
      v: 1, id: '01J0000000000000000000000S', type: 'post_deleted', status: 'confirmed', target: T, postId: renamedId,
      detectedAt: '2024-01-06T11:00:00.000Z', confirmedAt: '2024-01-06T11:05:00.000Z', window: { firstChangedAt: '2024-01-06T11:00:00.000Z' },
      confidence: 0.95, rule: 'test', evidence: [],
    };
    await cat.applyEvent(ev);
    expect((await cat.getPost(T, p.id))?.deleted).toBe(true);
  });

  it('statements: 48-bit hash keys as orders are stored, ordered, paged and searched (posts.num was a 32-bit integer)', async () => {
    const S = 'press';
    await cat.upsertTarget({ id: S, spec: 'rss:https://gov.example/press/rss.xml', platform: 'rss', key: 'https://gov.example/press/rss.xml', everyMs: 300000, tags: [], createdAt: '2024-01-01T00:00:00.000Z' });
    const items = ['o-zaderzhaniyah', 'o-proverke', 'briefing'].map((slug, i): PostRecord => {
      const url = `https://gov.example/press/${slug}`;
      return { id: url, key: String(stableNum(url)), order: String(stableNum(url)), url, text: [`Заявление о задержаниях ${i}`, `Проверка сообщений ${i}`, `Briefing transcript ${i}`][i], html: '', edited: false, links: [url], media: [] };
    });
    expect(items.every((p) => Number(p.order) > 2 ** 31)).toBe(true);
    const rec: ObservationRecord = {
      v: 1, id: '01J0000000000000000000P001', target: S, platform: 'rss', url: 'https://gov.example/press/rss.xml', observedAt: '2024-02-01T10:00:00.000Z', state: 'ok',
      captures: [], posts: items.map((p) => ({ id: p.id, key: p.key, order: p.order, sha256: postSha(p) })), contentDigest: sha256Hex('press'),
    };
    await cat.applyObservation(rec, items.map((p) => ({ record: p, sha256: postSha(p) })));
    const listed = await cat.listPosts(S, { limit: 10 });
    const byNum = [...items].sort((a, b) => Number(b.order) - Number(a.order));
    expect(listed.map((p) => p.id)).toEqual(byNum.map((p) => p.id));
    expect(listed.map((p) => p.numKey)).toEqual(byNum.map((p) => p.order));
    expect(listed.map((p) => p.num)).toEqual(byNum.map((p) => Number(p.order)));
    expect(listed.map((p) => p.key)).toEqual(byNum.map((p) => p.key));
    // Paging on with the exact key of the last row.
    const page2 = await cat.listPosts(S, { limit: 10, beforeNum: listed[0].numKey });
    expect(page2.map((p) => p.id)).toEqual(byNum.slice(1).map((p) => p.id));
    expect((await cat.searchPosts('задержаниях', { target: S })).map((p) => p.id)).toEqual([items[0].id]);
    expect(await cat.getTarget(S)).toMatchObject({ postCount: 3 });
  });

  it('holds order numbers beyond 2^53 exactly, and refuses one beyond 64 bits with VGL_CATALOG_REJECTED', async () => {
    const B = 'bignums';
    const big = 2 ** 60; // exactly representable; beyond Number.MAX_SAFE_INTEGER
    const mk = (num: number): PostRecord => ({ id: `bignums/${num}`, key: BigInt(num).toString(), order: BigInt(num).toString(), url: `https://x.example/${num}`, text: `post ${num}`, html: '', edited: false, links: [], media: [] });
    const ok = [mk(big), mk(7)];
    const rec = (id: string, ps: PostRecord[]): ObservationRecord => ({
      v: 1, id, target: B, platform: 'telegram', url: 'https://x.example', observedAt: '2024-02-02T10:00:00.000Z', state: 'ok',
      captures: [], posts: ps.map((p) => ({ id: p.id, key: p.key, order: p.order, sha256: postSha(p) })), contentDigest: sha256Hex(id),
    });
    await cat.applyObservation(rec('01J0000000000000000000B001', ok), ok.map((p) => ({ record: p, sha256: postSha(p) })));
    const rows = await cat.listPosts(B, { limit: 10 });
    expect(rows.map((r) => r.numKey)).toEqual(['1152921504606846976', '7']);
    expect((await cat.listPosts(B, { beforeNum: '1152921504606846976' })).map((r) => r.numKey)).toEqual(['7']);
    expect((await cat.listPosts(B, { beforeNum: '9223372036854775807' })).map((r) => r.numKey)).toEqual(['1152921504606846976', '7']);
    const tooBig = mk(1e20);
    const err = await cat.applyObservation(rec('01J0000000000000000000B002', [mk(8), tooBig]), [mk(8), tooBig].map((p) => ({ record: p, sha256: postSha(p) }))).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_CATALOG_REJECTED')).toBe(true);
    // All or nothing: the observation's other post did not land either.
    expect((await cat.listPosts(B, { limit: 10 })).map((r) => r.numKey)).toEqual(['1152921504606846976', '7']);
    // A deletion event whose post id ends in more digits than a bigint holds is applied, not fatal.
    const ev: EventRecord = {
      v: 1, id: '01J0000000000000000000B0E1', type: 'post_deleted', status: 'confirmed', target: B, postId: 'https://gov.example/news/123456789012345678901234',
      detectedAt: '2024-02-03T00:00:00.000Z', confirmedAt: '2024-02-03T00:05:00.000Z', window: { firstChangedAt: '2024-02-03T00:00:00.000Z' }, confidence: 0.9, rule: 'test', evidence: [],
    };
    await cat.applyEvent(ev);
    expect((await cat.getEvent(ev.id))?.status).toBe('confirmed');
  });
});
