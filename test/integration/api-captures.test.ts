// On-demand browser captures through the whole app (real redis-server, s3rver, Chromium, PGlite):
// POST /api/captures answers 202 with an id at once; GET /api/captures/<id> reports queued/running
// until the manifest is in the bucket, then the manifest with every evidence artifact. URLs that
// every fetch would refuse are refused at the door (400), and a capture refused later says why.
// The pages are served on 127.0.0.2 and only that address is allowed: the API and S3 on
// 127.0.0.1 stay out of reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { sha256Hex } from '../../src/ids.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'apicap',
  app: {
    roles: ['worker', 'web'],
    queueEvents: false,
    settings: { http: { port: 0 }, network: { allowPrivate: ['127.0.0.2'] }, capture: { enabled: true, concurrency: 1 } },
  },
});

let pages: CapturePagesServer;
beforeAll(async () => {
  pages = await startCapturePagesServer({ host: '127.0.0.2' });
});
afterAll(async () => pages?.close());

interface Manifest {
  id: string;
  status: string;
  artifacts: { name: string; sha256: string; size: number; type: string }[];
  url?: string;
  browser?: { sandbox: boolean };
  error?: { code: string; message: string };
}
const post = (path: string, body: unknown) =>
  fetch(`${h.app.apiUrl!}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/captures', () => {
  it('queues a capture, reports its status, and serves the finished manifest and its bytes', async () => {
    const api = h.app.apiUrl!;
    const res = await fetch(`${api}/api/captures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${pages.url}/press-release` }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[0-9A-Z]{26}$/);

    const early = await fetch(`${api}/api/captures/${id}`);
    expect([200, 202]).toContain(early.status);
    if (early.status === 202) expect(['queued', 'running']).toContain(((await early.json()) as Manifest).status);

    const m = await until(async () => {
      const r = await fetch(`${api}/api/captures/${id}`);
      const body = (await r.json()) as Manifest;
      return r.status === 200 && ['done', 'partial', 'failed'].includes(body.status) ? body : undefined;
    }, 'the capture to finish', { tries: 240, everyMs: 500 });

    expect(m.id).toBe(id);
    expect(m.status).toBe('done');
    expect(typeof m.browser?.sandbox).toBe('boolean');
    const names = m.artifacts.map((a) => a.name);
    for (const suffix of ['.png', '.html', '.mhtml', '.warc.gz', '.wacz']) expect(names.some((n) => n.endsWith(suffix)), suffix).toBe(true);

    const shot = m.artifacts.find((a) => a.name.endsWith('.png'))!;
    const blob = await fetch(`${api}/api/blobs/${shot.sha256}`);
    expect(blob.status).toBe(200);
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(shot.sha256);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);

  it('refuses what cannot be captured with a clear error', async () => {
    const api = h.app.apiUrl!;
    const res = await fetch(`${api}/api/captures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'file:///etc/passwd' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('VGL_BAD_REQUEST');
  });

  it('refuses private and loopback URLs at the door with VGL_FETCH_BLOCKED_ADDRESS, before anything is queued', async () => {
    const port = new URL(h.app.apiUrl!).port; // the API itself, on 127.0.0.1
    for (const url of [`http://127.0.0.1:${port}/api/targets`, `http://localhost.:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:7f00:1]:${port}/`, 'http://169.254.169.254/latest/meta-data/']) {
      const res = await post('/api/captures', { url });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { code: string }).code, url).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    }
    expect(await h.app.core.queues.capture.getJobCounts('waiting', 'active', 'delayed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('a capture refused later (a redirect to a private address) fails with the reason in its status', async () => {
    const res = await post('/api/captures', { url: `${pages.url}/redirect-private` });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const m = await until(async () => {
      const r = await fetch(`${h.app.apiUrl!}/api/captures/${id}`);
      const body = (await r.json()) as Manifest;
      return r.status === 200 && body.status === 'failed' ? body : undefined;
    }, 'the capture to fail', { tries: 240, everyMs: 500 });
    expect(m.error?.code).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    expect(m.error?.message).toContain('169.254.169.254');
    expect(m.artifacts).toEqual([]);
  }, 180_000);
});

describe('POST /api/targets', () => {
  it('refuses a target whose URL is private or loopback with VGL_FETCH_BLOCKED_ADDRESS', async () => {
    const port = new URL(h.app.apiUrl!).port;
    for (const spec of [`web:http://127.0.0.1:${port}/press/`, `rss:http://localhost.:${port}/feed.xml`, 'web:http://[::1]/news/', 'rss:http://10.0.0.5/rss']) {
      const res = await post('/api/targets', { spec });
      expect(res.status, spec).toBe(400);
      expect(((await res.json()) as { code: string }).code, spec).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    }
    // the allowed address is accepted
    const ok = await post('/api/targets', { spec: `web:${pages.url}/press-release`, id: 'allowed-press' });
    expect(ok.status).toBe(201);
  });
});
