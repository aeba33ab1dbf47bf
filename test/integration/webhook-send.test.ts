// The webhook sender against real HTTP servers on loopback: a signed POST; no redirect followed;
// a receiver that hangs is a timeout; a name that resolves to a public address when checked and
// to loopback at connect time (DNS rebinding) is refused before a byte is sent; errors name the
// webhook's origin, never its path or secret.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/alerts/index.js';
import { isVigilError } from '../../src/errors.js';
import { createWebhookSender } from '../../src/workers/webhook-send.js';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver.js';

const SECRET = 'sender-test-secret-0123456789';
let recv: Receiver;
let hang: Server;
let hangUrl: string;
beforeAll(async () => {
  recv = await startReceiver('127.0.0.1');
  hang = createServer(() => undefined); // never answers
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await recv.close();
  hang.closeAllConnections();
  await new Promise<void>((r) => hang.close(() => r()));
});

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isVigilError(e)) throw new Error(`expected a VigilError, got ${String(e)}`);
  return e;
};

describe('webhook sender', () => {
  it('POSTs the body signed over "<t>.<body>" with delivery and event headers', async () => {
    const s = createWebhookSender({ allowPrivate: ['127.0.0.1'], timeoutMs: 3000, now: () => 1_764_583_200_000 });
    try {
      const body = JSON.stringify({ v: 1, kind: 'test' });
      expect(await s.send({ id: 'ok', url: `${recv.url}/ok`, secret: SECRET }, { body, delivery: 'ok.1', event: 'test' })).toEqual({ status: 200 });
      const [r] = recv.at('/ok');
      expect(r!.body).toBe(body);
      expect(r!.headers['x-vigil-timestamp']).toBe('1764583200');
      expect(verifySignature(r!.headers['x-vigil-signature'] as string, SECRET, body, 1_764_583_200)).toEqual({ ok: true, t: 1_764_583_200 });
      expect(r!.headers['x-vigil-delivery']).toBe('ok.1');
      expect(r!.headers['x-vigil-event']).toBe('test');
    } finally {
      await s.close();
    }
  });

  it('does not follow redirects, and names the origin only', async () => {
    const s = createWebhookSender({ allowPrivate: ['127.0.0.1'], timeoutMs: 3000 });
    try {
      recv.answer('/moved/SECRETPATH', 307);
      const e = await failure(s.send({ id: 'moved', url: `${recv.url}/moved/SECRETPATH?k=QSECRET`, secret: SECRET }, { body: '{}', delivery: 'm.1', event: 'test' }));
      expect(e.code).toBe('VGL_WEBHOOK_FAILED');
      expect(e.message).toBe(`webhook moved (${recv.url}): answered HTTP 307`);
      expect(recv.received.filter((r) => r.path !== '/moved/SECRETPATH' && r.path !== '/ok')).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a receiver that never answers is a retryable timeout', async () => {
    const s = createWebhookSender({ allowPrivate: ['127.0.0.1'], timeoutMs: 300 });
    try {
      const e = await failure(s.send({ id: 'slow', url: `${hangUrl}/x`, secret: SECRET }, { body: '{}', delivery: 's.1', event: 'test' }));
      expect(e.code).toBe('VGL_WEBHOOK_FAILED');
      expect(e.retryable).toBe(true);
      expect(e.message).toContain('no answer within 300ms');
    } finally {
      await s.close();
    }
  });

  it('a name that rebinds to loopback between the check and the connection is refused, nothing sent', async () => {
    let calls = 0;
    const lookup = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const s = createWebhookSender({ allowPrivate: false, timeoutMs: 3000, lookup });
    const port = new URL(recv.url).port;
    const before = recv.received.length;
    try {
      const e = await failure(s.send({ id: 'rebind', url: `http://hooks.rebind.test:${port}/PATH`, secret: SECRET }, { body: '{}', delivery: 'r.1', event: 'test' }));
      expect(e.code).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      expect(e.retryable).toBe(false);
      expect(e.message).not.toContain('PATH');
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(recv.received.length).toBe(before);
    } finally {
      await s.close();
    }
  });

  it('a loopback literal outside the allow-lists is refused before connecting', async () => {
    const s = createWebhookSender({ allowPrivate: false, timeoutMs: 3000 });
    const before = recv.received.length;
    try {
      const e = await failure(s.send({ id: 'lo', url: `${recv.url}/lo`, secret: SECRET }, { body: '{}', delivery: 'l.1', event: 'test' }));
      expect(e.code).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      expect(recv.received.length).toBe(before);
    } finally {
      await s.close();
    }
  });
});
