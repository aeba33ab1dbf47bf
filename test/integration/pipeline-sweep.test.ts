// Deletions deep in a channel's history, on the default re-scan and sweep settings: a post 45
// posts behind the newest is not in the re-scan window (newest 2 pages), so only the history
// sweep (platforms.telegram.sweepPagesPerPoll, default 1) can see it go. Real redis-server,
// s3rver, BullMQ workers and the Telegram simulator; only the poll interval and minSpan are short.
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { until, usePipeline } from '../helpers/pipeline.js';
import { registerSweepMetrics } from '../../src/workers/metrics.js';

const h = usePipeline({
  prefix: 'sweep',
  sim: true,
  app: {
    jobPrefix: 'sw',
    settings: {
      network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, concurrency: 8 },
      // platforms.telegram: defaults (rescanPages 1, sweepPagesPerPoll 1); the harness sets baseUrl.
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

describe('history sweep on default settings', () => {
  it('confirms the deletion of post 30 of a 75-post channel, and nothing else', async () => {
    h.channel('deepchan', 75);
    const first = await h.pollChannel('deep', 'deepchan'); // backfill: the whole history
    expect(first.state).toBe('ok');
    expect(first.created).toEqual([]);
    // Two regular polls: the window (posts 36-75) stays hot, older posts move to the deep store,
    // and the sweep reads pages 16-35 and 1-15 (then wraps), finding nothing.
    for (let i = 0; i < 2; i++) expect((await h.pollChannel('deep', 'deepchan')).created).toEqual([]);
    const hot = await h.app.core.states.load('deep');
    expect(Object.keys(hot.posts).map(Number).every((n) => n >= 36)).toBe(true);
    expect([...(await h.app.core.states.deepPosts('deep', { min: '0', max: '35' })).keys()].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    h.sim.apply({ type: 'delete', channel: 'deepchan', nums: [30] });

    // Regular polls, as the scheduler would make them; the confirm job runs in between.
    const e = await until(
      async () => {
        await h.pollChannel('deep', 'deepchan');
        return (await h.eventsFor('deep')).find((x) => x.type === 'post_deleted' && x.status === 'confirmed');
      },
      async () => `no confirmed post_deleted for deepchan/30; events: ${JSON.stringify((await h.eventsFor('deep')).map((x) => [x.type, x.status, x.postId, x.rule]))}`,
      { tries: 40, everyMs: 700 }, // a bound on a stall: the confirm job runs between polls, later on a loaded machine
    );
    expect(e.postId).toBe('deepchan/30');
    expect(e.rule).toBe('listing.missing_in_swept_range');
    expect(e.details?.probe).toBe('missing'); // the direct embed URL said "Post not found"
    expect(e.evidence.length).toBeGreaterThanOrEqual(2);

    // The evidence names archived observations whose captures include the page that shows 30 gone.
    const obs = (await h.observations('deep')).filter((o) => e.evidence.includes(o.id));
    expect(obs.length).toBeGreaterThanOrEqual(2);
    const urls = new Set<string>();
    for (const o of obs) for (const id of o.captures) urls.add((await h.app.core.archive.getCapture(id))!.url);
    expect([...urls].some((u) => /\/s\/deepchan\?before=(3[1-6])$/.test(u)), [...urls].join(' ')).toBe(true);
    // Confirmed: the deep store forgets the post, the others stay.
    expect([...(await h.app.core.states.deepPosts('deep', { min: '29', max: '31' })).keys()].sort()).toEqual(['29', '31']);

    // No other event at all: only the candidate and the confirmation of post 30.
    const all = await h.eventsFor('deep');
    expect(all.map((x) => `${x.type} ${x.postId} ${x.status}`).sort()).toEqual(['post_deleted deepchan/30 candidate', 'post_deleted deepchan/30 confirmed']);

    // A few more polls sweep the rest of the history again: still nothing else.
    for (let i = 0; i < 3; i++) await h.pollChannel('deep', 'deepchan');
    expect((await h.eventsFor('deep')).length).toBe(2);

    // The cost shows in the metrics: swept pages counted (shared by every worker through Redis).
    const registry = new Registry();
    registerSweepMetrics(registry, h.app.core.redis, 'sweep');
    const text = await registry.metrics();
    const m = /vigil_sweep_pages_total\{platform="telegram",kind="rotation"\} (\d+)/.exec(text);
    expect(m, text).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(4);
  });
});
