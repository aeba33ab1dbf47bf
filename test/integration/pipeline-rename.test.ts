// Rename discovery end to end: real redis-server, real s3rver, the Telegram simulator. A watched
// channel renamed to a username nobody watches is found through another channel's forward and
// reported as account_renamed (never account_deleted), and the target follows the new name.
// Without such a forward a web-only watcher cannot tell a rename from a deletion: the
// account_deleted candidate is confirmed, but only after minSpan.
import { expect, it } from 'vitest';
import { sleep, usePipeline } from '../helpers/pipeline.js';

const MIN_SPAN = 1500;
const h = usePipeline({
  prefix: 'ren',
  sim: true,
  app: {
    jobPrefix: 'r',
    settings: {
      network: { allowPrivate: true, timeout: '2s', perHostRps: 1000, concurrency: 4 },
      platforms: { telegram: { rescanPages: 0 } },
      detection: { confirm: { minSpan: `${MIN_SPAN}ms`, minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { eventsFor, waitFor, pollChannel: poll } = h;
const channel = (name: string) => h.channel(name, 5);

it('unwatched rename + a forward from the new name: confirmed account_renamed, never account_deleted', async () => {
  channel('zerkalo_old');
  channel('forwarder');
  await poll('zk', 'zerkalo_old');
  await poll('fw', 'forwarder');
  h.sim.apply({ type: 'rename', channel: 'zerkalo_old', to: 'zerkalo_new' });
  // The old name answers "not found": for now that is all anyone can see.
  const r = await poll('zk', 'zerkalo_old');
  expect(r.state).toBe('not_found');
  // Another watched channel forwards a post of the renamed channel.
  h.sim.apply({ type: 'post', channel: 'forwarder', text: 'forwarded', forwardedFrom: { name: 'Zerkalo', url: 'https://t.me/zerkalo_new/3' } });
  await poll('fw', 'forwarder');
  // Discovery caches by spec, so two platforms' names never mix.
  expect(await h.app.core.states.cachedChannel('telegram:zerkalo_new')).toBeTruthy();
  const e = await waitFor('zk', 'account_renamed');
  expect(e.details).toMatchObject({ from: 'zerkalo_old', to: 'zerkalo_new' });
  // The target now follows the new username, and stays ok there.
  expect((await h.app.core.states.load('zk')).follow).toBe('zerkalo_new');
  expect((await poll('zk', 'zerkalo_old')).state).toBe('ok');
  await sleep(MIN_SPAN + 1000); // any confirm round of the deletion candidate has run
  const all = await eventsFor('zk');
  expect(all.filter((x) => x.type === 'account_deleted' && x.status === 'confirmed')).toEqual([]);
  expect((await h.app.core.states.load('zk')).username).toBe('zerkalo_new');
});

it('unwatched rename, no forward: account_deleted stays a candidate until minSpan, confirmed only then', async () => {
  channel('lonely_old');
  await poll('lone', 'lonely_old');
  h.sim.apply({ type: 'rename', channel: 'lonely_old', to: 'lonely_new' });
  const r = await poll('lone', 'lonely_old');
  expect(r.created).toHaveLength(1);
  expect((await eventsFor('lone')).map((x) => [x.type, x.status])).toEqual([['account_deleted', 'candidate']]);
  const e = await waitFor('lone', 'account_deleted');
  expect(Date.parse(e.confirmedAt!) - Date.parse(e.detectedAt)).toBeGreaterThanOrEqual(MIN_SPAN);
  expect((await eventsFor('lone')).some((x) => x.type === 'account_renamed')).toBe(false);
});
