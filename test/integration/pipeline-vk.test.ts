// VK end to end through the real workers (redis-server, s3rver, catalog) against the VK simulator:
// a removed wall post becomes a confirmed post_deleted, a banned user a confirmed account_suspended,
// a blocked community a confirmed account_restricted; VK's login wall and its per-second limit page
// produce no event; the posts are listed by the API.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { sleep, until, usePipeline } from '../helpers/pipeline.js';
import { startVkSim, type VkSimServer } from '../../src/sim/index.js';

// The VK sim starts before the pipeline's app (hooks run in registration order), so its URL can go
// into the settings the app is started with.
let vk: VkSimServer;
const platforms: { vk: { baseUrl: string; rescanPages: number; backfillMaxPages: number } } = { vk: { baseUrl: 'http://127.0.0.1:1', rescanPages: 1, backfillMaxPages: 4 } };
beforeAll(async () => {
  vk = await startVkSim();
  platforms.vk.baseUrl = vk.url;
});
afterAll(async () => vk?.close());

const h = usePipeline({
  prefix: 'pvk',
  app: {
    roles: ['worker', 'web'],
    jobPrefix: 'vk',
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8 },
      platforms,
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

const account = (name: string, kind: 'community' | 'user' = 'community', posts = 8): void => {
  vk.sim.apply({ type: 'account', name, kind, title: `Account ${name}` });
  vk.sim.apply({ type: 'post', account: name, count: posts, photos: 1, link: 'https://example.org/report' });
};
const poll = (id: string, name: string) => h.poll(id, `vk:${name}`);

describe('VK through the pipeline', () => {
  it('a removed wall post: candidate, its own page says "Запись удалена.", confirmed post_deleted', async () => {
    account('vkdel');
    expect((await poll('vkdel', 'vkdel')).state).toBe('ok');
    vk.sim.apply({ type: 'delete', account: 'vkdel', nums: [7] });
    const r = await poll('vkdel', 'vkdel');
    expect(r.created).toHaveLength(1);
    const e = await h.waitFor('vkdel', 'post_deleted');
    expect(e.postKey).toMatch(/^-\d+_7$/);
    expect(e.postId).toBe(`vkdel/${e.postKey}`);
    expect(e.details?.probe).toBe('missing');
  });

  it('a banned user: confirmed account_suspended; a blocked community: confirmed account_restricted', async () => {
    account('vkbanned', 'user', 3);
    account('vkblocked', 'community', 3);
    await poll('vkbanned', 'vkbanned');
    await poll('vkblocked', 'vkblocked');
    vk.sim.apply({ type: 'block', account: 'vkbanned' });
    vk.sim.apply({ type: 'block', account: 'vkblocked' });
    await poll('vkbanned', 'vkbanned');
    await poll('vkblocked', 'vkblocked');
    const s = await h.waitFor('vkbanned', 'account_suspended');
    expect(s.details?.reason).toBe('Пользователь заблокирован.');
    expect(s.window.lastOkAt).toBeDefined();
    const b = await h.waitFor('vkblocked', 'account_restricted');
    expect(b.details?.reason).toBe('Сообщество заблокировано в связи с возможным нарушением правил сайта.');
  });

  it("VK's login wall and its per-second limit page are no verdict: no event", async () => {
    account('vkwalled', 'user', 3);
    account('vkflaky', 'community', 3);
    await poll('vkwalled', 'vkwalled');
    await poll('vkflaky', 'vkflaky');
    vk.sim.apply({ type: 'login_only', account: 'vkwalled' });
    vk.sim.apply({ type: 'fault', kind: 'rate_limit', channel: 'vkflaky', count: 2 });
    for (let i = 0; i < 2; i++) {
      expect((await poll('vkwalled', 'vkwalled')).state).toBe('login_wall');
      expect((await poll('vkflaky', 'vkflaky')).state).toBe('rate_limited');
    }
    await sleep(1500); // let any confirm job run
    expect(await h.eventsFor('vkwalled')).toEqual([]);
    expect(await h.eventsFor('vkflaky')).toEqual([]);
    expect(vk.sim.faults.active().filter((f) => f.channel === 'vkflaky')).toEqual([]); // the faults were hit
    expect((await h.app.core.states.load('vkwalled')).state).toBe('ok');
  });

  it('the posts are in the catalog: GET /api/targets/<id>/posts', async () => {
    account('vkapi', 'community', 6);
    const add = await fetch(`${h.app.apiUrl}/api/targets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'vk:vkapi', id: 'vkapi', every: '1h' }) });
    expect(add.status).toBeLessThan(300);
    await poll('vkapi', 'vkapi');
    const posts = await until(async () => {
      const r = (await (await fetch(`${h.app.apiUrl}/api/targets/vkapi/posts`)).json()) as { posts?: { key?: string; url?: string }[] };
      return (r.posts?.length ?? 0) >= 6 ? r.posts : undefined;
    }, 'six VK posts in the catalog');
    expect(posts!.map((p) => p.key).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `-${vk.sim.world.mustGet('vkapi').id}_${i + 1}`).sort());
    expect(posts![0]!.url).toMatch(new RegExp(`^${vk.url}/wall-\\d+_\\d$`));
  });
});
