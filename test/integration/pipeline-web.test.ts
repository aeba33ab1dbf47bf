// All roles in one process: targets added through the API are scheduled, polled by the workers,
// and the catalog (fed only by the index queue from bucket records) serves the confirmed events.
import { expect, it } from 'vitest';
import { CaptureManifest } from '../../src/archive/types.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'web',
  sim: true,
  app: {
    roles: ['worker', 'scheduler', 'web'],
    queueEvents: false,
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, perHostRps: 1000 },
      detection: { confirm: { minSpan: '1s' } },
      scheduler: { tick: '200ms', jitter: 0 },
      capture: { enabled: false },
      archive: { archiveMedia: true, seenFlushEvery: '500ms' },
    },
  },
});

const api = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${h.app.apiUrl}${path}`, init);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

it('API target -> scheduled polls -> catalog events', async () => {
  h.sim.world.addChannel({ username: 'webchan', title: 'Web channel' });
  h.sim.apply({ type: 'post', channel: 'webchan', count: 4 });
  h.sim.apply({ type: 'post', channel: 'webchan', text: 'photo report', media: [{ kind: 'photo' }] });
  const add = await api('/api/targets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'telegram:webchan', every: '1s', id: 'webchan' }) });
  expect(add.status).toBeLessThan(300);
  await until(async () => {
    const t = await h.app.core.states.load('webchan');
    return t.state === 'ok' ? t : undefined;
  }, 'first poll');
  h.sim.apply({ type: 'block', channel: 'webchan' });
  const ev = await until(async () => {
    const r = await api('/api/events?target=webchan');
    const list = (r.body.events ?? []) as { type: string; status: string }[];
    return list.find((e) => e.type === 'account_restricted' && e.status === 'confirmed');
  }, 'confirmed account_restricted in the catalog');
  expect(ev).toBeDefined();
  const t = await api('/api/targets');
  expect(JSON.stringify(t.body)).toContain('webchan');
  // The photo of the new post was archived as a blob with its own capture manifest.
  const media = await until(async () => {
    for await (const key of h.app.core.archive.listKeys('captures/')) {
      const m = await h.app.core.archive.getJson(key, CaptureManifest);
      if (m?.artifacts.some((a) => a.name.startsWith('media/'))) return m;
    }
    return undefined;
  }, 'media capture');
  expect(media.postId).toMatch(/^webchan\//);
  expect(await h.app.core.archive.getBlob(media.artifacts[0].sha256)).not.toBeNull();
});
