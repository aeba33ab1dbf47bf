// The root logger blanks webhook secrets wherever settings or a webhook land in a log object.
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
});
