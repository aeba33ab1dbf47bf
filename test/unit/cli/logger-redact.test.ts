// Logs never carry a webhook secret, a session's cookies or a vantage proxy's URL (it may hold credentials).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/cli/logger.js';

describe('logger redaction', () => {
  it('webhook secrets never reach the log', async () => {
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const log = createLogger({ destination: sink });
    log.info({ settings: { alerts: { webhooks: [{ id: 'ops', secret: 'S3CR3T-one' }] } }, hook: { id: 'ops', secret: 'S3CR3T-two' }, secret: 'S3CR3T-three' }, 'settings');
    await new Promise((r) => setImmediate(r));
    expect(out).toContain('"id":"ops"');
    expect(out).not.toContain('S3CR3T');
  });

  it('cookies, session cookies and proxy URLs are censored', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    const log = createLogger({ destination });
    log.info({ headers: { cookie: 'auth_token=SECRET1' }, vantage: { id: 'kz-1', proxy: 'http://u:SECRET2@10.0.0.6:3128' }, session: { label: 'desk', cookies: [{ value: 'SECRET3' }] }, storageState: { cookies: [{ value: 'SECRET4' }] } }, 'x');
    log.flush?.();
    const all = lines.join('');
    for (const s of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4']) expect(all).not.toContain(s);
    expect(all).toContain('desk');
    expect(all).toContain('kz-1');
  });
});
