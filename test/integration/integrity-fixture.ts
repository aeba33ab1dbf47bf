// Test world for the integrity tests: one Telegram target written through a real Archive with a
// real ledger — the raw channel page (a real captured page, see test/unit/catalog/fixturePosts.ts
// for provenance) as an http capture, the observation parsed from it, two browser captures of
// posts and a confirmed post_deleted event — so exports, citations and verify run on real records.
import { readFileSync } from 'node:fs';
import type { Archive } from '../../src/archive/archive.js';
import { jsonBytes } from '../../src/archive/json.js';
import type { CaptureManifest, EventRecord, ObjectStore } from '../../src/archive/types.js';
import type { TargetDef } from '../../src/catalog/types.js';
import { sha256Hex } from '../../src/ids.js';
import { FIXTURE, fixturePosts } from '../unit/catalog/fixturePosts.js';

export const TID = 'topwar';
export const IDS = {
  page: '01JCRX0000000000000000PAGE',
  observation: '01JCRX00000000000000NB0001',
  cap1: '01JCRX00000000000000CAP001',
  cap2: '01JCRX00000000000000CAP002',
  event: '01JCRX0000000000000000EV01',
} as const;

export interface World {
  def: TargetDef;
  posts: ReturnType<typeof fixturePosts>;
  captures: Record<'page' | 'cap1' | 'cap2', CaptureManifest>;
  pageSha: string;
  shotSha: string;
}

export async function seedWorld(archive: Archive, store: ObjectStore): Promise<World> {
  const def: TargetDef = { id: TID, spec: 'telegram:topwar', platform: 'telegram', key: 'topwar', everyMs: 300_000, tags: [], createdAt: '2024-11-01T00:00:00.000Z' };
  await store.put(`targets/${TID}.json`, jsonBytes(def), { contentType: 'application/json' });
  const posts = fixturePosts().slice(0, 4);
  const page = await archive.putBlob(readFileSync(FIXTURE), 'text/html');
  const refs = [];
  for (const p of posts) refs.push({ id: p.id, key: p.key, order: p.order, sha256: (await archive.putBlob(jsonBytes(p), 'application/json')).sha256 });
  const base = { v: 1 as const, target: TID, tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test' };
  const pageCap: CaptureManifest = {
    ...base, id: IDS.page, kind: 'http', status: 'done', url: 'https://t.me/s/topwar', startedAt: '2024-11-12T10:00:00.000Z', finishedAt: '2024-11-12T10:00:01.000Z',
    response: { status: 200, headers: { 'content-type': 'text/html' }, finalUrl: 'https://t.me/s/topwar' },
    artifacts: [{ name: 'page.html', sha256: page.sha256, size: page.size, type: 'text/html' }],
  };
  await archive.putCapture(pageCap);
  await archive.putObservation({
    v: 1, id: IDS.observation, target: TID, platform: 'telegram', url: 'https://t.me/s/topwar', observedAt: '2024-11-12T10:00:01.000Z', state: 'ok',
    captures: [IDS.page], posts: refs, contentDigest: sha256Hex(refs.map((r) => r.sha256).join()),
  });
  const shot = await archive.putBlob(Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), 'image/png');
  const browser = (id: string, post: (typeof posts)[number], at: string): CaptureManifest => ({
    ...base, id, kind: 'browser', status: 'done', postId: post.id, url: post.url, startedAt: at, finishedAt: at,
    artifacts: [{ name: 'screenshot.png', sha256: shot.sha256, size: shot.size, type: 'image/png' }],
    metadata: { platform: 'telegram', account: '@topwar', text: post.text, publishedAt: '2024-11-11T08:30:00Z' },
  });
  const cap1 = browser(IDS.cap1, posts[0], '2024-11-12T10:01:00.000Z');
  const cap2 = browser(IDS.cap2, posts[1], '2024-11-14T10:00:00.000Z');
  await archive.putCapture(cap1);
  await archive.putCapture(cap2);
  const ev: EventRecord = {
    v: 1, id: IDS.event, type: 'post_deleted', status: 'candidate', target: TID, postId: posts[1].id, detectedAt: '2024-11-15T09:00:00.000Z',
    window: { lastOkAt: '2024-11-14T10:00:00.000Z', firstChangedAt: '2024-11-15T09:00:00.000Z' }, confidence: 0.6, rule: 'post_missing_in_range', evidence: [IDS.observation, IDS.cap2],
  };
  await archive.putEvent(ev);
  await archive.putEvent({ ...ev, status: 'confirmed', confirmedAt: '2024-11-15T09:10:00.000Z', confidence: 0.95 });
  return { def, posts, captures: { page: pageCap, cap1, cap2 }, pageSha: page.sha256, shotSha: shot.sha256 };
}
