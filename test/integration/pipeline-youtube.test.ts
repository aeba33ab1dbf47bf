// End to end for YouTube through the real workers: real redis-server, real s3rver, the catalog
// (web role) and the simulated YouTube (5 videos per Videos tab page). A removed video →
// confirmed post_deleted (its watch page says "Video unavailable"), also at the very bottom of the
// tab; a video that merely dropped off the bottom → nothing; a terminated channel → confirmed
// account_suspended; a channel blocked
// in the polling vantage's country (DE, the sim's default) → account_geo_blocked, one blocked only
// in KZ → nothing; a video made private, 429s, the bot check, the consent page, an age-gate wall
// and garbage → no event; the videos are listed by /api/targets/<id>/posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYouTubeSim, type YouTubeSim } from '../../src/sim/youtube/index.js';
import { sleep, until, usePipeline } from '../helpers/pipeline.js';

let yt: YouTubeSim | undefined;
const settings = {
  http: { port: 0 },
  network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, concurrency: 8 },
  detection: { confirm: { minSpan: '1s', minObservations: 2 } },
  capture: { enabled: false },
  archive: { seenFlushEvery: '500ms', archiveMedia: false },
  platforms: {} as { youtube?: { baseUrl: string } },
};
// Registered before usePipeline's hooks: the app starts with the simulator's URL as baseUrl.
beforeAll(async () => {
  yt = await startYouTubeSim({ pageSize: 5 });
  settings.platforms = { youtube: { baseUrl: yt.url } };
});
afterAll(async () => {
  await yt?.close();
});

const h = usePipeline({ prefix: 'ytpipe', app: { roles: ['worker', 'web'], jobPrefix: 'yt', settings } });
const sim = () => yt!.world;
const poll = (id: string, handle: string) => h.poll(id, `youtube:${handle}`);
const confirmed = async (id: string) => (await h.eventsFor(id)).filter((e) => e.status === 'confirmed');

describe('youtube pipeline', () => {
  it('a removed video: candidate, the watch page says missing, confirmed post_deleted', async () => {
    const c = sim().addChannel({ handle: '@ytdel', videos: 5 });
    expect((await poll('ytdel', '@ytdel')).state).toBe('ok');
    const gone = c.videos[2];
    sim().setVideo(c.handle, gone.id, { state: 'deleted' });
    const r = await poll('ytdel', '@ytdel');
    expect(r.created).toHaveLength(1);
    const e = await h.waitFor('ytdel', 'post_deleted');
    expect(e.rule).toBe('feed.missing_with_older_present');
    expect(e.postKey).toBe(gone.id);
    expect(e.postId).toBe(`${yt!.url}/watch?v=${gone.id}`);
    expect(e.evidence.length).toBeGreaterThanOrEqual(2);
  });

  it('the oldest listed video removed: nothing older is listed, its own watch page decides', async () => {
    const c = sim().addChannel({ handle: '@ytbottom', videos: 6 }); // the 6th is behind the continuation
    await poll('ytbottom', c.handle);
    const bottom = c.videos[1]; // the oldest of the five listed
    sim().setVideo(c.handle, bottom.id, { state: 'deleted' });
    await poll('ytbottom', c.handle);
    const e = await h.waitFor('ytbottom', 'post_deleted');
    expect(e.rule).toBe('feed.item_page_gone');
    expect(e.postKey).toBe(bottom.id);
  });

  it('a video that merely dropped off the bottom (a new upload) is no deletion, and is forgotten', async () => {
    const c = sim().addChannel({ handle: '@ytdrop', videos: 5 });
    await poll('ytdrop', c.handle);
    const oldest = c.videos[0];
    sim().upload(c.handle, { title: 'fresh report' });
    const checks = () => yt!.stats.byRoute[`video:${oldest.id}`] ?? 0;
    await poll('ytdrop', c.handle); // the oldest left the tab: its watch page is checked once
    expect(checks()).toBe(1);
    await poll('ytdrop', c.handle); // it plays, so it was forgotten: no more checks
    expect(checks()).toBe(1);
    await sleep(1500);
    expect(await h.eventsFor('ytdrop')).toEqual([]);
  });

  it('a terminated channel: confirmed account_suspended with YouTube’s own words', async () => {
    sim().addChannel({ handle: '@ytterm', videos: 3 });
    await poll('ytterm', '@ytterm');
    sim().setChannel('@ytterm', { state: 'terminated' });
    expect((await poll('ytterm', '@ytterm')).state).toBe('suspended');
    const e = await h.waitFor('ytterm', 'account_suspended');
    expect(e.details?.reason).toMatch(/terminated for a violation of YouTube's Terms of Service/);
    expect(e.window.lastOkAt).toBeDefined();
  });

  it('blocked in the polling vantage’s country → account_geo_blocked; blocked only in KZ → nothing from DE', async () => {
    const c = sim().addChannel({ handle: '@ytgeode', videos: 2 });
    const k = sim().addChannel({ handle: '@ytgeokz', videos: 2 });
    await poll('ytgeode', c.handle);
    await poll('ytgeokz', k.handle);
    sim().setChannel(c.handle, { geoBlocked: ['DE'] });
    sim().setChannel(k.handle, { geoBlocked: ['KZ'] });
    expect((await poll('ytgeode', c.handle)).state).toBe('geo_blocked');
    expect((await poll('ytgeokz', k.handle)).state).toBe('ok');
    const e = await h.waitFor('ytgeode', 'account_geo_blocked');
    expect(e.details?.reason).toBe('This channel is not available in your country.');
    await poll('ytgeokz', k.handle);
    expect(await h.eventsFor('ytgeokz')).toEqual([]);
  });

  it('a video made private is not a deletion: its probe says private, nothing is confirmed', async () => {
    const c = sim().addChannel({ handle: '@ytpriv', videos: 5 });
    await poll('ytpriv', c.handle);
    sim().setVideo(c.handle, c.videos[1].id, { state: 'private' });
    await poll('ytpriv', c.handle);
    await poll('ytpriv', c.handle);
    await sleep(2500); // confirm rounds run and probe the watch page
    // The listing did miss it (a candidate), but its own page says private: never confirmed.
    expect((await h.eventsFor('ytpriv')).some((e) => e.type === 'post_deleted' && e.status === 'candidate')).toBe(true);
    expect(await confirmed('ytpriv')).toEqual([]);
  });
});

describe('transient answers are never takedowns', () => {
  it.each(['rate_limit', 'bot_check', 'consent', 'login_wall', 'garbage', 'error'] as const)('%s', async (kind) => {
    const handle = `@ytflaky${kind.replace('_', '')}`;
    sim().addChannel({ handle, videos: 3 });
    const id = handle.slice(1);
    await poll(id, handle);
    sim().addFault({ kind, channel: handle });
    await poll(id, handle);
    await poll(id, handle);
    await sleep(1500); // let any confirm job run
    expect(await h.eventsFor(id)).toEqual([]);
    expect(sim().faults.filter((f) => f.channel === handle)).toEqual([]); // the fault was hit
  });
});

it('the videos are listed by /api/targets/<id>/posts', async () => {
  const c = sim().addChannel({ handle: '@ytapi', videos: 4 });
  const add = await fetch(`${h.app.apiUrl}/api/targets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'https://www.youtube.com/@ytapi/videos', id: 'ytapi', every: '1h' }) });
  expect(add.status).toBe(201);
  expect(((await add.json()) as { target: { spec: string } }).target.spec).toBe('youtube:@ytapi');
  await poll('ytapi', c.handle);
  const posts = await until(async () => {
    const r = (await (await fetch(`${h.app.apiUrl}/api/targets/ytapi/posts`)).json()) as { posts?: { key: string; id: string; text: string }[] };
    return r.posts && r.posts.length === 4 ? r.posts : undefined;
  }, 'four videos in the catalog');
  expect(posts.map((p) => p.key).sort()).toEqual(c.videos.map((v) => v.id).sort());
  expect(posts.find((p) => p.key === c.videos[0].id)?.text).toBe(c.videos[0].title);
});

it('an unchanged channel polls as unchanged, even when view counts and ages move on', async () => {
  const c = sim().addChannel({ handle: '@ytquiet', videos: 5 });
  await poll('ytquiet', c.handle);
  for (const v of c.videos) v.views += 37;
  const r = await poll('ytquiet', c.handle);
  expect(r.unchanged).toBe(true);
  expect(r.observationId).toBeUndefined();
});
