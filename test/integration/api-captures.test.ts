// On-demand browser captures through the whole app (real redis-server, s3rver, Chromium, PGlite):
// POST /api/captures answers 202 with an id at once; GET /api/captures/<id> reports queued/running
// until the manifest is in the bucket, then the manifest with every evidence artifact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { sha256Hex } from '../../src/ids.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'apicap',
  app: {
    roles: ['worker', 'web'],
    queueEvents: false,
    settings: { http: { port: 0 }, network: { allowPrivate: true }, capture: { enabled: true, concurrency: 1 } },
  },
});

let pages: CapturePagesServer;
beforeAll(async () => {
  pages = await startCapturePagesServer();
});
afterAll(async () => pages?.close());

interface Manifest { id: string; status: string; artifacts: { name: string; sha256: string; size: number; type: string }[]; url?: string }

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
});
