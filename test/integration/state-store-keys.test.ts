// The hot state in a real redis-server, keyed by post key and ranged by post order: orders beyond
// 2^53 (X post ids) are exact in the deep store, and states written before keys were strings (a
// candidate's `postNum`, a numeric sweep cursor, deep members `<num>:<digest>` scored by num) load.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStateStore, type StateStore } from '../../src/workers/state-store.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

let server: TestRedis;
let redis: Redis;
let store: StateStore;
const P = 'sskeys';
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  store = createStateStore(redis, P);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.close();
});

describe('deep store', () => {
  it('ranges by exact 64-bit order, not by a rounded double', async () => {
    // Three X-like ids that are one apart: as doubles they are the same number.
    const ids = ['1790000000000000001', '1790000000000000002', '1790000000000000003'];
    expect(new Set(ids.map(Number)).size).toBe(1);
    await store.updateDeep('x', new Map(ids.map((id, i) => [id, { digest: `d${i}`, order: id }])), []);
    expect([...(await store.deepPosts('x', { min: ids[1], max: ids[1] }))]).toEqual([[ids[1], { digest: 'd1', order: ids[1] }]]);
    expect([...(await store.deepPosts('x', { min: ids[0], max: ids[1] })).keys()].sort()).toEqual(ids.slice(0, 2));
    // Keys need not be numbers (a video id ordered by its publication time).
    await store.updateDeep('yt', new Map([['dQw4w9WgXcQ', { digest: 'v1', order: '1700000000000000' }]]), []);
    expect([...(await store.deepPosts('yt', { min: '1600000000000000', max: '1800000000000000' }))]).toEqual([['dQw4w9WgXcQ', { digest: 'v1', order: '1700000000000000' }]]);
    // A changed digest replaces the member; a dropped post leaves.
    await store.updateDeep('x', new Map([[ids[0], { digest: 'new', order: ids[0] }]]), [{ key: ids[2], order: ids[2] }]);
    expect(Object.fromEntries(await store.deepPosts('x', { min: '0', max: ids[2] }))).toEqual({ [ids[0]]: { digest: 'new', order: ids[0] }, [ids[1]]: { digest: 'd1', order: ids[1] } });
  });

  it('reads the deep store of states written before keys were strings, and drains it', async () => {
    await redis.zadd(`${P}:deep:old`, 10, '10:aaaa', 11, '11:bbbb', 12, '12:cccc');
    expect(Object.fromEntries(await store.deepPosts('old', { min: '10', max: '11' }))).toEqual({ '10': { digest: 'aaaa', order: '10' }, '11': { digest: 'bbbb', order: '11' } });
    await store.updateDeep('old', new Map([['11', { digest: 'BBBB', order: '11' }]]), [{ key: '12', order: '12' }]);
    expect(Object.fromEntries(await store.deepPosts('old', { min: '0', max: '99' }))).toEqual({ '10': { digest: 'aaaa', order: '10' }, '11': { digest: 'BBBB', order: '11' } });
    expect(await redis.zrange(`${P}:deep:old`, 0, -1)).toEqual(['10:aaaa']);
  });
});

it('loads a hot state written before keys were strings', async () => {
  const legacy = {
    v: 1, state: 'ok', posts: { '30': 'abcd' }, sweep: 36, dv: 2,
    open: [{ id: 'E1', key: 'post_deleted:30', type: 'post_deleted', target: 't', postId: 'chan/30', postNum: 30, rule: 'listing.missing_in_swept_range', confidence: 0.75, detectedAt: 'x', firstChangedAt: 'x', agree: 1, lastAgreeAt: 'x', evidence: ['o1'] }],
  };
  await redis.set(`${P}:st:legacy`, JSON.stringify(legacy));
  const s = await store.load('legacy');
  expect(s.sweep).toBe('36');
  expect(s.open[0]).toMatchObject({ postKey: '30', postOrder: '30', postId: 'chan/30' });
  expect(s.posts).toEqual({ '30': 'abcd' });
});
