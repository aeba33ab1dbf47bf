// `vigil webhooks …` (the real CLI) against a running API whose webhook service has a real BullMQ
// queue on redis-server and sends to real receivers on loopback: `test` delivers a signed test
// body (exit 0) or says which receiver failed (exit 1, VGL_WEBHOOK_FAILED); an unknown --id is
// VGL_NOT_FOUND; `list` shows origins, never paths or secrets; `dead-letters` reads the queue.
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createArchive } from '../../src/archive/archive.js';
import { createCatalog } from '../../src/catalog/index.js';
import type { Catalog } from '../../src/catalog/types.js';
import { verifySignature, WebhookConfig } from '../../src/alerts/index.js';
import { createWebhookSender, type WebhookSender } from '../../src/workers/webhook-send.js';
import { createWebhookService } from '../../src/workers/webhooks.js';
import { runVigil } from '../helpers/cli.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver.js';

const log = pino({ level: 'silent' });
const SECRET = 'cli-webhook-secret-0123456789';
let redis: TestRedis;
let s3: TestS3;
let catalog: Catalog;
let queue: Queue;
let sender: WebhookSender;
let recv: Receiver;
let api: FastifyInstance;
let url = '';

beforeAll(async () => {
  [redis, s3, recv] = await Promise.all([startRedis(), startS3(), startReceiver()]);
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  queue = new Queue('webhook', { connection: { url: redis.url }, prefix: 'whcli' });
  sender = createWebhookSender({ allowPrivate: ['127.0.0.1'], timeoutMs: 3000 });
  recv.answer('/down', 500);
  const hooks = [
    WebhookConfig.parse({ id: 'ops', url: `${recv.url}/ops/PATHSECRET`, secret: SECRET, types: ['account_suspended'] }),
    WebhookConfig.parse({ id: 'down', url: `${recv.url}/down`, secret: SECRET }),
  ];
  const webhooks = createWebhookService({ hooks, queue, sender, log });
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive: createArchive({ store: s3.store, log }), targets: { add: async () => { throw new Error('unused'); }, list: async () => [], remove: async () => undefined }, webhooks });
  url = await api.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await api?.close();
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await sender?.close();
  await catalog?.close();
  await Promise.all([redis?.close(), s3?.close(), recv?.close()]);
});

const vigil = (args: string[]) => runVigil(args, { ...process.env, VIGIL_API_URL: url });

describe('vigil webhooks', () => {
  it('test --id ops sends one signed test delivery and exits 0', async () => {
    const r = await vigil(['webhooks', 'test', '--id', 'ops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ops\s+delivered\s+200/m);
    const [got] = recv.at('/ops/PATHSECRET');
    expect(verifySignature(got!.headers['x-vigil-signature'] as string, SECRET, got!.body, Math.floor(Date.now() / 1000)).ok).toBe(true);
    expect(JSON.parse(got!.body)).toMatchObject({ kind: 'test', webhook: 'ops' });
  });

  it('test of every webhook names the one that failed and exits 1', async () => {
    const r = await vigil(['webhooks', 'test']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^down\s+FAILED\s+500\s+VGL_WEBHOOK_FAILED/m);
    expect(r.stdout).toMatch(/^ops\s+delivered/m);
    expect(r.stderr).toContain('error [VGL_WEBHOOK_FAILED]: 1 of 2 webhook(s) did not accept the test delivery');
  });

  it('an unknown --id is VGL_NOT_FOUND', async () => {
    const r = await vigil(['webhooks', 'test', '--id', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [VGL_NOT_FOUND]: no webhook with id "nope"; configured: ops, down');
  });

  it('list shows origins and filters, never paths or secrets; dead-letters reads the queue', async () => {
    const l = await vigil(['webhooks', 'list']);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(new RegExp(`^ops\\s+${recv.url.replace(/[.]/g, '\\.')}\\s+account_suspended\\s+all\\s+all\\s+set`, 'm'));
    expect(l.stdout).not.toContain('PATHSECRET');
    expect(l.stdout).not.toContain(SECRET);
    const d = await vigil(['webhooks', 'dead-letters', '--json']);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual({ count: 0, deadLetters: [] });
  });
});
