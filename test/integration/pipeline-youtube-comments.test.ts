// YouTube comments end to end (real redis-server, s3rver, the YouTube simulator): the newest video's
// comments are read through its watch page and two POSTs to /youtubei/v1/next (header, then newest
// first); a bot farm's burst fires a confirmed attack_suspected naming the archived pages and the
// interactions blob; a benign surge (read in the older renderer shape) does not; a 429 or a consent
// redirect on the POST gives no verdict: no event, the previous record stands, and the burst is
// found once the API answers again.
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureManifest, type ObservationRecord } from '../../src/archive/types.js';
import { Interaction } from '../../src/scrapers/types.js';
import { startYouTubeSim } from '../../src/sim/youtube/index.js';
import { usePipeline } from '../helpers/pipeline.js';

const yt = await startYouTubeSim();
afterAll(async () => {
  await yt.close();
});

const h = usePipeline({
  prefix: 'pytc',
  sim: true,
  app: {
    jobPrefix: 'ytc',
    settings: {
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8 },
      platforms: { youtube: { baseUrl: yt.url, interactionsPerPoll: 1 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

const withComments = async (target: string): Promise<ObservationRecord[]> => (await h.observations(target)).filter((o) => (o.interactions?.length ?? 0) > 0).sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.id.localeCompare(b.id));
const blob = async (sha: string) => JSON.parse((await h.app.core.archive.getBlob(sha))!.toString('utf8')) as { postKey: string; url: string; total?: number; state: string; interactions: unknown[] };
const capture = (rec: ObservationRecord, id: string) => h.app.core.archive.getJson(`captures/${rec.observedAt.slice(0, 4)}/${rec.observedAt.slice(5, 7)}/${rec.observedAt.slice(8, 10)}/${id}.json`, CaptureManifest);
const newestVideo = (handle: string): string => yt.world.mustGet(handle).videos.at(-1)!.id;

describe('YouTube comments through the pipeline', () => {
  it('a bot farm under the newest video: confirmed attack_suspected; pages and comments archived', async () => {
    yt.world.addChannel({ handle: '@freetube', title: 'Free Tube', videos: 3 });
    yt.world.comment('@freetube', { author: { handle: '@anna_petrova', name: 'Anna Petrova', avatar: true }, text: 'Thank you for this report', at: Date.now() - 3_600_000 });
    expect((await h.poll('yf', 'youtube:@freetube')).state).toBe('ok');
    expect(await h.eventsFor('yf')).toEqual([]);

    yt.world.crowd('@freetube', { kind: 'attack', count: 25, seed: 11, lookalikes: 1 });
    const before = yt.stats.byRoute.comments ?? 0;
    expect((await h.poll('yf', 'youtube:@freetube')).unchanged).toBe(false);
    // The watch page, then the header answer, then the newest-first answer.
    expect((yt.stats.byRoute.comments ?? 0) - before).toBe(2);
    const attack = await h.waitFor('yf', 'attack_suspected');
    const names = (attack.details!.features as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['burst', 'synchronized', 'near_duplicates', 'generated_handles', 'default_avatars']));
    // YouTube shows no account age or followers: those traits cannot fire.
    expect(names).not.toContain('recently_created');
    expect(names).not.toContain('few_followers');

    const rec = (await withComments('yf')).find((o) => o.interactions!.some((i) => i.count >= 20))!;
    expect(rec).toBeDefined();
    const entry = rec.interactions!.find((i) => i.postKey === newestVideo('@freetube'))!;
    // One answer page: the newest 20 of the 26 comments, the header's count as total.
    expect([entry.state, entry.count, entry.total]).toEqual(['ok', 20, 26]);
    expect(entry.captures).toHaveLength(3);
    expect(entry.capture).toBe(entry.captures![2]);
    expect(attack.evidence).toEqual(expect.arrayContaining([rec.id, entry.sha256, entry.capture]));
    const stored = await blob(entry.sha256);
    const list = stored.interactions.map((i) => Interaction.parse(i));
    expect(list).toHaveLength(20);
    expect(list.filter((i) => !i.author.avatar).length).toBeGreaterThan(10);
    expect(list.every((i) => /\/channel\/UC[\w-]{22}$/.test(i.author.url ?? '') && i.at !== undefined)).toBe(true);
    // Every page read is evidence: the watch page (GET) and both POSTs with the body they sent.
    const [watch, header, newest] = await Promise.all(entry.captures!.map((id) => capture(rec, id)));
    expect(watch?.request?.method).toBe('GET');
    expect(watch?.url).toBe(`${yt.url}/watch?v=${entry.postKey}`);
    for (const m of [header, newest]) {
      expect(m?.request?.method).toBe('POST');
      expect(m?.url).toMatch(/\/youtubei\/v1\/next\?prettyPrint=false$/);
      expect(JSON.parse(m!.request!.body!)).toMatchObject({ context: { client: { clientName: 'WEB' } }, continuation: expect.any(String) });
    }
    expect(header!.request!.body).not.toBe(newest!.request!.body);

    // Nothing new (the relative ages moved on, the comments did not): an unchanged poll, no second attack.
    expect((await h.poll('yf', 'youtube:@freetube')).unchanged).toBe(true);
    expect((await h.eventsFor('yf')).filter((e) => e.type === 'attack_suspected')).toHaveLength(1);
  });

  it('a benign surge, read in the older commentRenderer shape, is archived and is no attack; comments turned off are `none`', async () => {
    yt.world.addChannel({ handle: '@viraldesk', title: 'Viral Desk', videos: 2 });
    expect((await h.poll('yv', 'youtube:@viraldesk')).state).toBe('ok');
    yt.world.crowd('@viraldesk', { kind: 'surge', count: 60, seed: 7 });
    yt.world.commentShape = 'renderer';
    try {
      expect((await h.poll('yv', 'youtube:@viraldesk')).unchanged).toBe(false);
      const rec = (await withComments('yv')).at(-1)!;
      expect(rec.interactions!.map((i) => [i.state, i.count, i.total])).toEqual([['ok', 20, 60]]);
      expect((await blob(rec.interactions![0]!.sha256)).interactions).toHaveLength(20);
      await h.poll('yv', 'youtube:@viraldesk');
      expect(await h.eventsFor('yv')).toEqual([]);
    } finally {
      yt.world.commentShape = 'entity';
    }
    yt.world.setCommentsOff(newestVideo('@viraldesk'), true);
    await h.poll('yv', 'youtube:@viraldesk');
    expect((await withComments('yv')).at(-1)!.interactions!.map((i) => [i.state, i.count])).toEqual([['none', 0]]);
    expect(await h.eventsFor('yv')).toEqual([]);
  });

  it('a 429 and a consent redirect on the POST: no event, the previous record stands; the burst is found when the API answers', async () => {
    yt.world.addChannel({ handle: '@quietdesk', title: 'Quiet Desk', videos: 2 });
    yt.world.comment('@quietdesk', { author: { handle: '@dana_novak', name: 'Dana Novak', avatar: true }, text: 'Good reporting', at: Date.now() - 7_200_000 });
    expect((await h.poll('yq', 'youtube:@quietdesk')).state).toBe('ok');
    const kept = await withComments('yq');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.interactions!.map((i) => [i.state, i.count])).toEqual([['ok', 1]]);

    yt.world.crowd('@quietdesk', { kind: 'attack', count: 25, seed: 23 });
    for (const kind of ['rate_limit', 'consent'] as const) {
      yt.world.addFault({ kind, channel: '@quietdesk', route: 'comments', count: 1 });
      const r = await h.poll('yq', 'youtube:@quietdesk');
      expect(r.state).toBe('ok');
      expect(r.unchanged).toBe(true);
      expect(yt.world.faults).toEqual([]);
      expect(await withComments('yq')).toHaveLength(1);
      expect(await h.eventsFor('yq')).toEqual([]);
    }
    await h.poll('yq', 'youtube:@quietdesk');
    await h.waitFor('yq', 'attack_suspected');
    expect(await withComments('yq')).toHaveLength(2);
  });
});
