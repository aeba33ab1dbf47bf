// Logged-in sessions end to end: real redis-server, s3rver, the catalog/API (web role) and the X
// simulator, which serves timelines only to an `auth_token` it issued. A Playwright storageState
// file for x.com is sent to the simulator's host (sessions belong to a platform, not a host); the
// observation and capture records say loggedIn + the label; the cookie value is nowhere in the
// bucket; a revoked session is a session_expired health alert (benched, never a takedown) until
// its file changes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startXSim } from '../../src/sim/x/index.js';
import { CaptureManifest } from '../../src/archive/types.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const x = await startXSim({ guestTimelines: false });
const dir = await mkdtemp(join(tmpdir(), 'vigil-sessions-'));
const file = join(dir, 'x-monitor.json');
const stateFile = (value: string) =>
  JSON.stringify({ cookies: [{ name: 'auth_token', value, domain: '.x.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' }, { name: 'lang', value: 'en', domain: 'x.com', path: '/', expires: -1, httpOnly: false, secure: false }], origins: [] });
const first = x.issueSession();
await writeFile(file, stateFile(first));
afterAll(async () => {
  await x.close();
  await rm(dir, { recursive: true, force: true });
});

const h = usePipeline({
  prefix: 'sessp',
  app: {
    jobPrefix: 's',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      platforms: { x: { baseUrl: x.url, rescanPages: 0 } },
      sessions: [{ platform: 'x', label: 'monitor-1', storageState: file }],
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

const healthz = async () => (await (await fetch(`${h.app.apiUrl}/healthz`)).json()) as { ok: boolean; alerts: { type: string; platform?: string; label?: string }[] };

/** Every object in the bucket whose bytes contain `needle`. */
async function keysHolding(needle: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of h.app.core.store.list('')) {
    const b = await h.app.core.store.get(k);
    if (b?.includes(needle)) out.push(k);
  }
  return out;
}

describe('sessions', () => {
  it('a walled timeline is read logged in; records say so, and never hold the cookie', async () => {
    x.world.addUser({ handle: 'Walled', posts: 5 });
    const r = await h.poll('xw', 'x:Walled');
    expect(r.state).toBe('ok');
    const obs = (await h.observations('xw')).find((o) => o.posts.length > 0);
    expect(obs?.loggedIn).toBe(true);
    expect(obs?.session).toBe('monitor-1');
    const caps = await Promise.all(obs!.captures.map(async (id) => {
      for await (const k of h.app.core.archive.listKeys('captures/')) if (k.endsWith(`${id}.json`)) return h.app.core.archive.getJson(k, CaptureManifest);
      return null;
    }));
    const listing = caps.find((c) => c?.metadata?.purpose === 'listing');
    expect(listing?.loggedIn).toBe(true);
    expect(listing?.session).toBe('monitor-1');
    expect(listing?.request?.headers.cookie).toBe('[redacted]');
    expect(listing?.redacted).toContain('cookie');
    // The landing step needs no session: sent logged out.
    expect(caps.find((c) => c?.metadata?.purpose === 'landing')?.loggedIn).toBe(false);
    expect(await keysHolding(first)).toEqual([]);
  });

  it('a revoked session: session_expired alert, no takedown; a new file puts it back', async () => {
    x.world.addUser({ handle: 'Expiry', posts: 4 });
    expect((await h.poll('xe', 'x:Expiry')).state).toBe('ok');
    x.revokeSession(first);
    const walled = await h.poll('xe', 'x:Expiry');
    // The landing (no session needed) still speaks for the account; the walled timeline lists nothing, so no post is "gone".
    expect(walled.state).toBe('ok');
    expect(walled.created).toEqual([]);
    const alert = await until(async () => (await healthz()).alerts.find((a) => a.type === 'session_expired'), 'session_expired alert');
    expect(alert).toMatchObject({ platform: 'x', label: 'monitor-1' });
    // Benched: the next poll goes out logged out (the sim walls it), still no event.
    const again = await h.poll('xe', 'x:Expiry');
    expect(again.created).toEqual([]);
    expect((await h.eventsFor('xe')).filter((e) => e.type.startsWith('account_'))).toEqual([]);
    // The operator logs in again and re-exports the file: back in rotation, alert gone.
    await writeFile(file, stateFile(x.issueSession()));
    x.world.addUser({ handle: 'Back', posts: 3 });
    expect((await h.poll('xb', 'x:Back')).state).toBe('ok');
    const back = (await h.observations('xb')).find((o) => o.posts.length > 0);
    expect(back?.loggedIn).toBe(true);
    expect((await healthz()).alerts.filter((a) => a.type === 'session_expired')).toEqual([]);
  });
});
