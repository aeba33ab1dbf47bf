// The session store on a real redis-server: sessions of a platform rotate, an expired one is
// benched (shared by every store on the Redis) and listed as a session_expired alert until its file
// changes; an unreadable file is a session_unreadable alert; the boot check names bad files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/fetch/sessions.js';
import { isVigilError } from '../../src/errors.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

let redis: TestRedis;
let client: Redis;
let dir: string;
const state = (v: string) => JSON.stringify({ cookies: [{ name: 'sessionid', value: v, domain: '.instagram.com', path: '/', expires: -1, httpOnly: true, secure: true }] });
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-sessstore-'));
  await writeFile(join(dir, 'a.json'), state('A1'));
  await writeFile(join(dir, 'b.json'), state('B1'));
});
afterAll(async () => {
  client.disconnect();
  await redis.close();
  await rm(dir, { recursive: true, force: true });
});

const store = (prefix: string, files = ['a', 'b']) =>
  createSessionStore({ sessions: files.map((f) => ({ platform: 'instagram', label: `acct-${f}`, storageState: join(dir, `${f}.json`), scope: 'needsSession' as const })), redis: client, prefix, log: pino({ level: 'silent' }) });

describe('session store', () => {
  it('rotates, only for needsSession steps, and benches an expired session for every worker until its file changes', async () => {
    const s1 = store('p1');
    const s2 = store('p1'); // another worker on the same Redis
    expect(await s1.pick('instagram', {})).toBeUndefined();
    expect(await s1.pick('x', { needsSession: true })).toBeUndefined();
    const first = await s1.pick('instagram', { needsSession: true });
    const second = await s1.pick('instagram', { needsSession: true });
    expect([first?.label, second?.label].sort()).toEqual(['acct-a', 'acct-b']);
    expect(first?.cookies.header('https://www.instagram.com/api/v1/users/web_profile_info/')).toMatch(/^sessionid=(A1|B1)$/);

    const a = first!.label === 'acct-a' ? first! : second!;
    await s1.expired(a, 'session expired: logged out');
    for (let i = 0; i < 4; i++) expect((await s2.pick('instagram', { needsSession: true }))?.label).toBe('acct-b');
    expect(await s2.alerts()).toEqual([{ type: 'session_expired', platform: 'instagram', label: 'acct-a', since: expect.any(String), hint: expect.stringContaining('Log in again') }]);
    expect((await s2.alerts({ details: true }))[0].reason).toBe('session expired: logged out');

    // The operator re-exports the file: back in rotation, alert gone.
    await writeFile(join(dir, 'a.json'), state('A2-fresh'));
    const labels = new Set<string>();
    for (let i = 0; i < 4; i++) labels.add((await s2.pick('instagram', { needsSession: true }))!.label);
    expect([...labels].sort()).toEqual(['acct-a', 'acct-b']);
    expect(await s1.alerts()).toEqual([]);
  });

  it('an unreadable file: skipped, session_unreadable alert; the boot check names it', async () => {
    const s = store('p2', ['a', 'missing']);
    for (let i = 0; i < 3; i++) expect((await s.pick('instagram', { needsSession: true }))?.label).toBe('acct-a');
    expect((await s.alerts()).map((x) => [x.type, x.label])).toEqual([['session_unreadable', 'acct-missing']]);
    await expect(s.check()).rejects.toSatisfy((e: unknown) => isVigilError(e, 'VGL_CONFIG_INVALID') && String((e as Error).message).includes('missing.json'));
  });
});
