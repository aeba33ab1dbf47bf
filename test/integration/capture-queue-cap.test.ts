// The capture queue is bounded (capture.maxQueued): once that many captures wait, POST
// /api/captures answers 503 VGL_QUEUE_FULL with Retry-After, and nothing more is queued. The app
// runs the web role only (real redis-server, s3rver, PGlite), so queued captures stay queued.
import { describe, expect, it } from 'vitest';
import { usePipeline } from '../helpers/pipeline.js';

const MAX = 3;
const h = usePipeline({
  prefix: 'capcap',
  app: { roles: ['web'], queueEvents: false, settings: { http: { port: 0 }, network: { allowPrivate: true }, capture: { enabled: true, maxQueued: MAX } } },
});

const post = (url: string) =>
  fetch(`${h.app.apiUrl}/api/captures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });

describe('capture queue cap', () => {
  it('answers 503 with Retry-After and a clear code when full, and accepts again once there is room', async () => {
    const queue = h.app.core.queues.capture;
    const ids: string[] = [];
    for (let i = 0; i < MAX; i++) {
      const r = await post(`http://127.0.0.1:9/page-${i}`);
      expect(r.status).toBe(202);
      ids.push(((await r.json()) as { id: string }).id);
    }
    const full = await post('http://127.0.0.1:9/one-too-many');
    expect(full.status).toBe(503);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await full.json()) as { code: string; message: string; hint: string };
    expect(body.code).toBe('VGL_QUEUE_FULL');
    expect(body.message).toContain('capture.maxQueued');
    expect(await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(MAX);

    // A queued capture leaves (done or removed): there is room again.
    const job = (await queue.getJobs(['waiting'])).find((j) => j.data.captureId === ids[0]);
    expect(job).toBeDefined();
    await job!.remove();
    expect((await post('http://127.0.0.1:9/after-room')).status).toBe(202);
    expect((await post('http://127.0.0.1:9/full-again')).status).toBe(503);
  }, 120_000);
});
