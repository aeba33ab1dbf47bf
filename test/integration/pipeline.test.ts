// End to end through BullMQ workers: real redis-server, real s3rver, the Telegram simulator.
// Every event type is detected and confirmed; transient faults produce no event; an unchanged
// poll adds < 1 KiB and no blob.
import { describe, expect, it } from 'vitest';
import { sleep, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'pipe',
  sim: { hangMs: 4000 },
  app: {
    jobPrefix: 't',
    settings: {
      network: { allowPrivate: true, timeout: '2s', perHostRps: 1000, concurrency: 8 },
      platforms: { telegram: { rescanPages: 1 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { eventsFor, waitFor, channel, countKeys, pollChannel: poll } = h;

describe('pipeline events', () => {
  it('post_deleted: candidate, direct URL says missing, confirmed', async () => {
    channel('delchan');
    expect((await poll('del', 'delchan')).state).toBe('ok');
    h.sim.apply({ type: 'delete', channel: 'delchan', nums: [3] });
    const r = await poll('del', 'delchan');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('del', 'post_deleted');
    expect(e.postId).toMatch(/\/3$/);
    expect(e.details?.probe).toBe('missing');
    expect(e.window.lastOkAt).toBeDefined();
    expect(e.evidence.length).toBeGreaterThanOrEqual(2);
    // The post's own URL answering "not found" is kept, and is part of the event's evidence.
    const answers = (await Promise.all(e.evidence.map((id) => h.app.core.archive.getCapture(id)))).filter((m) => m?.metadata?.answered === 'missing');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ kind: 'http', target: 'del', postId: e.postId, artifacts: [{ name: 'page.html' }] });
  });

  it('post_edited: confirmed, both versions kept', async () => {
    channel('editchan');
    await poll('edit', 'editchan');
    h.sim.apply({ type: 'edit', channel: 'editchan', num: 2, text: 'corrected statement' });
    await poll('edit', 'editchan');
    const e = await waitFor('edit', 'post_edited');
    const versions = new Set<string>();
    for (const o of await h.observations('edit')) for (const p of o.posts) if (p.id === e.postId) versions.add(p.sha256);
    expect(versions.size).toBe(2);
    const texts = await Promise.all([...versions].map(async (sha) => JSON.parse((await h.app.core.archive.getBlob(sha))!.toString()).text));
    expect(texts).toContain('corrected statement');
  });

  it.each([
    ['block', 'account_restricted'],
    ['delete_channel', 'account_deleted'],
    ['make_private', 'account_private'],
  ] as const)('%s -> %s confirmed', async (step, type) => {
    const name = `st${step.replace(/_/g, '')}`;
    channel(name);
    await poll(name, name);
    h.sim.apply({ type: step, channel: name });
    await poll(name, name);
    const e = await waitFor(name, type);
    expect(e.window.lastOkAt).toBeDefined();
  });

  it('account_restored after a confirmed restriction', async () => {
    channel('restchan');
    await poll('rest', 'restchan');
    h.sim.apply({ type: 'block', channel: 'restchan' });
    await poll('rest', 'restchan');
    await waitFor('rest', 'account_restricted');
    h.sim.apply({ type: 'unblock', channel: 'restchan' });
    await poll('rest', 'restchan');
    await waitFor('rest', 'account_restored');
  });

  it('account_renamed: same channel id under a new username; the old name is not reported deleted', async () => {
    channel('oldname');
    await poll('ren', 'oldname');
    h.sim.apply({ type: 'rename', channel: 'oldname', to: 'newname' });
    await poll('ren-new', 'newname');
    const e = await waitFor('ren', 'account_renamed');
    expect(e.details).toMatchObject({ to: 'newname', seenBy: 'ren-new' });
    await poll('ren', 'oldname');
    await sleep(2500);
    expect((await eventsFor('ren')).filter((x) => x.type === 'account_deleted' && x.status === 'confirmed')).toEqual([]);
  });
});

describe('transient faults are never takedowns', () => {
  it.each([
    ['rate_limit', { kind: 'rate_limit', retryAfter: 1 }],
    ['5xx', { kind: 'error', status: 503 }],
    ['hang', { kind: 'hang' }],
    ['garbage', { kind: 'garbage' }],
    ['no_posts', { kind: 'no_posts' }],
  ] as const)('%s', async (name, fault) => {
    const ch = `flaky${name.replace(/\W/g, '')}`;
    channel(ch);
    await poll(ch, ch);
    h.sim.apply({ type: 'fault', channel: ch, count: 1, ...fault });
    await poll(ch, ch);
    await poll(ch, ch);
    await sleep(1500); // let any confirm job run
    expect(await eventsFor(ch)).toEqual([]);
    expect(h.sim.faults.active().filter((f) => f.channel === ch)).toEqual([]); // the fault was hit
  });
});

it('an unchanged poll adds < 1 KiB and no blob', async () => {
  channel('quiet');
  await poll('quiet', 'quiet');
  await sleep(1200); // seen buffer flushed
  const blobs = await countKeys('blobs/');
  const all = await countKeys('');
  h.sim.world.bumpViews('quiet'); // only counters change
  const r = await poll('quiet', 'quiet');
  expect(r.unchanged).toBe(true);
  await sleep(1200);
  expect((await countKeys('blobs/')).n).toBe(blobs.n);
  const after = await countKeys('');
  expect(after.bytes - all.bytes).toBeLessThan(1024);
  expect(after.bytes - all.bytes).toBeGreaterThan(0); // the "seen" proof was written
});
