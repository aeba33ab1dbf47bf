// Instagram and Facebook end to end through the real workers: redis-server, s3rver, the catalog
// and the simulators. A removed post is a confirmed post_deleted; the platform's one "unavailable"
// page becomes a confirmed account_deleted with the "unavailable" wording, vouched for by the
// control URL in the same poll; when the control fails too it is no verdict; transient login walls,
// checkpoints and 429s produce no event; the posts are served by /api/targets/<id>/posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureKey } from '../../src/archive/keys.js';
import { CaptureManifest } from '../../src/archive/types.js';
import { startFacebookSim, type FacebookSim } from '../../src/sim/facebook/index.js';
import { startInstagramSim, type InstagramSim } from '../../src/sim/instagram/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';

let ig: InstagramSim;
let fb: FacebookSim;
// Registered before usePipeline's hooks: the simulators' URLs exist when the app's settings are read.
beforeAll(async () => {
  [ig, fb] = await Promise.all([startInstagramSim(), startFacebookSim()]);
  // Instagram's API answered logged-out clients for years, and still does now and then: modelled open.
  ig.model.loggedOut = 'open';
});
afterAll(async () => {
  await Promise.all([ig?.close(), fb?.close()]);
});

const h = usePipeline({
  prefix: 'igfb',
  app: {
    jobPrefix: 'g',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8 },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
      // Read when the app starts, after the simulators are up.
      get platforms() {
        return { instagram: { baseUrl: ig.url }, facebook: { baseUrl: fb.url, rescanPages: 1 } };
      },
    },
  },
});
const { poll, eventsFor, waitFor } = h;

async function addTarget(id: string, spec: string): Promise<void> {
  const r = await fetch(`${h.app.apiUrl}/api/targets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, spec, every: '1h' }) });
  expect(r.status).toBe(201);
}

async function apiPosts(id: string, n: number): Promise<{ key: string; url: string; text: string; deleted: boolean }[]> {
  return until(
    async () => {
      const r = (await (await fetch(`${h.app.apiUrl}/api/targets/${id}/posts?limit=100`)).json()) as { posts: { key: string; url: string; text: string; deleted: boolean }[] };
      return r.posts.length >= n ? r.posts : undefined;
    },
    `${n} posts of ${id} in the catalog`,
  );
}

describe('instagram', () => {
  it('posts are archived and served by the API; a removed post is confirmed post_deleted (own page gone, control ok)', async () => {
    ig.model.addAccount({ username: 'ig_posts', fullName: 'IG Posts' });
    const posts = ig.model.post('ig_posts', { count: 8 });
    await addTarget('igposts', 'instagram:ig_posts');
    expect((await poll('igposts', 'instagram:ig_posts')).state).toBe('ok');
    const listed = await apiPosts('igposts', 8);
    expect(new Set(listed.map((p) => p.key))).toEqual(new Set(posts.map((p) => p.shortcode)));
    expect(listed.find((p) => p.key === posts[2].shortcode)?.url).toBe(`https://www.instagram.com/p/${posts[2].shortcode}/`);

    ig.model.remove(posts[3].shortcode);
    const controls = ig.hits['api:instagram'] ?? 0;
    const r = await poll('igposts', 'instagram:ig_posts');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('igposts', 'post_deleted');
    expect(e.postId).toBe(`ig_posts/${posts[3].shortcode}`);
    expect(e.details?.probe).toBe('missing');
    // The own page's "unavailable" answer was vouched for by the control in the confirm round.
    expect(ig.hits['api:instagram'] ?? 0).toBeGreaterThan(controls);
    expect((await eventsFor('igposts')).filter((x) => x.type !== 'post_deleted')).toEqual([]);
  });

  it('"Sorry, this page isn\'t available." is confirmed account_deleted with the "unavailable" wording, the control archived beside it', async () => {
    ig.model.addAccount({ username: 'ig_gone' });
    ig.model.post('ig_gone', { count: 3 });
    expect((await poll('iggone', 'instagram:ig_gone')).state).toBe('ok');
    ig.model.makeUnavailable('ig_gone');
    const r = await poll('iggone', 'instagram:ig_gone');
    expect(r.state).toBe('not_found');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('iggone', 'account_deleted');
    expect(String(e.details?.reason)).toMatch(/^unavailable: "Sorry, this page isn't available\." \(deleted, deactivated, renamed or banned/);
    expect(String(e.details?.reason)).toContain('control');
    const rec = (await h.observations('iggone')).find((o) => o.id === r.observationId)!;
    expect(rec.state).toBe('not_found');
    // The answer and the control page that vouched for it, both archived as captures of this poll.
    const urls = await Promise.all(rec.captures.map(async (id) => (await h.app.core.archive.getJson(captureKey(id), CaptureManifest))?.url));
    expect(urls.sort()).toEqual([`${ig.url}/api/v1/users/web_profile_info/?username=ig_gone`, `${ig.url}/api/v1/users/web_profile_info/?username=instagram`]);
  });

  it('"unavailable" while the control is walled too is no verdict: no event', async () => {
    ig.model.addAccount({ username: 'ig_flagged' });
    ig.model.post('ig_flagged', { count: 3 });
    expect((await poll('igflag', 'instagram:ig_flagged')).state).toBe('ok');
    ig.model.addFault({ kind: 'unavailable', user: 'ig_flagged', count: 1 });
    ig.model.addFault({ kind: 'login_wall', user: 'instagram', count: 1 });
    const r = await poll('igflag', 'instagram:ig_flagged');
    expect(r.state).toBe('unknown');
    expect(r.created).toEqual([]);
    expect(ig.model.faults).toEqual([]); // both answers were served
    expect(await eventsFor('igflag')).toEqual([]);
    expect((await poll('igflag', 'instagram:ig_flagged')).state).toBe('ok');
  });

  it('a transient login wall, an expired-looking wall and a 429 produce no event', async () => {
    ig.model.addAccount({ username: 'ig_flaky' });
    ig.model.post('ig_flaky', { count: 3 });
    expect((await poll('igflaky', 'instagram:ig_flaky')).state).toBe('ok');
    ig.model.addFault({ kind: 'login_wall', user: 'ig_flaky', count: 1 });
    expect((await poll('igflaky', 'instagram:ig_flaky')).state).toBe('login_wall');
    ig.model.addFault({ kind: 'wait', user: 'ig_flaky', count: 1 });
    expect((await poll('igflaky', 'instagram:ig_flaky')).state).toBe('login_wall');
    ig.model.addFault({ kind: 'http', status: 429, user: 'ig_flaky', count: 1 });
    expect((await poll('igflaky', 'instagram:ig_flaky')).state).toBe('ok'); // retried after Retry-After
    expect(ig.model.faults).toEqual([]);
    expect(await eventsFor('igflaky')).toEqual([]);
  });
});

describe('facebook', () => {
  it('posts of the tab and its "more" batch are served by the API; a removed post is confirmed post_deleted', async () => {
    fb.model.addPage({ vanity: 'fb.posts', name: 'FB Posts' });
    const posts = fb.model.post('fb.posts', { count: 6 });
    await addTarget('fbposts', 'facebook:fb.posts');
    expect((await poll('fbposts', 'facebook:fb.posts')).state).toBe('ok');
    const listed = await apiPosts('fbposts', 6);
    expect(new Set(listed.map((p) => p.key))).toEqual(new Set(posts.map((p) => p.id)));

    fb.model.remove(posts[2].id);
    const r = await poll('fbposts', 'facebook:fb.posts');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('fbposts', 'post_deleted');
    expect(e.postId).toBe(`fb.posts/${posts[2].id}`);
    expect(e.details?.probe).toBe('missing');
  });

  it('"This content isn\'t available right now" is confirmed account_deleted with the "unavailable" wording after the control', async () => {
    fb.model.addPage({ vanity: 'fb.gone' });
    fb.model.post('fb.gone', { count: 2 });
    expect((await poll('fbgone', 'facebook:fb.gone')).state).toBe('ok');
    fb.model.makeUnavailable('fb.gone');
    const controls = fb.hits['posts:facebook'] ?? 0;
    expect((await poll('fbgone', 'facebook:fb.gone')).created).toHaveLength(1);
    expect(fb.hits['posts:facebook']).toBeGreaterThan(controls);
    const e = await waitFor('fbgone', 'account_deleted');
    expect(String(e.details?.reason)).toMatch(/^unavailable: "This content isn't available right now"/);
  });

  it('a transient login wall, a checkpoint and a 429 produce no event', async () => {
    fb.model.addPage({ vanity: 'fb.flaky' });
    fb.model.post('fb.flaky', { count: 2 });
    expect((await poll('fbflaky', 'facebook:fb.flaky')).state).toBe('ok');
    fb.model.addFault({ kind: 'login_wall', page: 'fb.flaky', count: 1 });
    expect((await poll('fbflaky', 'facebook:fb.flaky')).state).toBe('login_wall');
    fb.model.addFault({ kind: 'checkpoint', page: 'fb.flaky', count: 1 });
    expect((await poll('fbflaky', 'facebook:fb.flaky')).state).toBe('login_wall');
    fb.model.addFault({ kind: 'http', status: 429, page: 'fb.flaky', count: 1 });
    expect((await poll('fbflaky', 'facebook:fb.flaky')).state).toBe('ok');
    expect(fb.model.faults).toEqual([]);
    expect(await eventsFor('fbflaky')).toEqual([]);
  });
});
