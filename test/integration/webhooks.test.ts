// Webhooks end to end: real redis-server, s3rver, the catalog (web role), the Telegram simulator
// and real HTTP receivers on loopback. Confirmed events reach the receivers that want them (type,
// target and tag filters), signed (HMAC-SHA256 over "<t>.<body>"); candidates never do. A
// receiver answering 500 gets every attempt, then the delivery is a dead letter in the API; a
// receiver on an address outside the allow-lists is never contacted. `vigil webhooks test`'s
// route sends a signed test body.
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord } from '../../src/archive/types.js';
import { eventKey } from '../../src/archive/keys.js';
import { verifySignature, type EventBody } from '../../src/alerts/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';
import { startReceiver, type Received } from '../helpers/webhookReceiver.js';

const SECRET = 'whsec-integration-0123456789abcdef';
const OTHER_SECRET = 'whsec-other-hook-0123456789abcdef';
const recv = await startReceiver('127.0.0.1');
// Not in any allow-list: the guard must keep Vigil away from it.
const canary = await startReceiver('127.0.0.3');
afterAll(async () => {
  await recv.close();
  await canary.close();
});

const h = usePipeline({
  prefix: 'whk',
  sim: true,
  app: {
    jobPrefix: 'wh',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      // Exactly the simulator's and the receiver's address (both on 127.0.0.1); 127.0.0.3 stays refused.
      network: { allowPrivate: ['127.0.0.1'], timeout: '3s', perHostRps: 1000, concurrency: 8 },
      platforms: { telegram: { rescanPages: 1 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
      alerts: {
        attempts: 3,
        backoff: '200ms',
        timeout: '3s',
        webhooks: [
          { id: 'all', url: `${recv.url}/all`, secret: SECRET },
          { id: 'deletions', url: `${recv.url}/deletions`, secret: OTHER_SECRET, types: ['post_deleted'] },
          { id: 'urgent', url: `${recv.url}/urgent`, secret: SECRET, tags: ['urgent'] },
          { id: 'nobody', url: `${recv.url}/nobody`, secret: SECRET, targets: ['not-watched'] },
          { id: 'failing', url: `${recv.url}/failing/T0/B0/PATHSECRET`, secret: SECRET, targets: ['whblock'] },
          { id: 'blocked', url: `${canary.url}/hook/PATHSECRET?token=QUERYSECRET`, secret: SECRET, targets: ['whblock'] },
        ],
      },
    },
  },
});
recv.answer('/failing/T0/B0/PATHSECRET', 500);

const api = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${h.app.apiUrl}${path}`, init);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const post = (path: string, body: unknown) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const addTarget = (id: string, username: string, tags: string[]) => post('/api/targets', { spec: `telegram:${username}`, id, every: '1h', tags });

const bodies = (path: string): EventBody[] => recv.at(path).map((r) => JSON.parse(r.body) as EventBody);
const signedOk = (r: Received, secret: string) => verifySignature(r.headers['x-vigil-signature'] as string, secret, r.body, Math.floor(Date.now() / 1000)).ok;

describe('webhooks for confirmed events', () => {
  it('confirmed events reach the webhooks whose type, target and tag filters they match, signed; candidates never', async () => {
    h.channel('whdelchan');
    h.channel('whblockchan');
    expect((await addTarget('whdel', 'whdelchan', ['urgent'])).status).toBe(201);
    expect((await addTarget('whblock', 'whblockchan', [])).status).toBe(201);
    await h.pollChannel('whdel', 'whdelchan');
    await h.pollChannel('whblock', 'whblockchan');
    h.sim.apply({ type: 'delete', channel: 'whdelchan', nums: [3] });
    h.sim.apply({ type: 'block', channel: 'whblockchan' });
    await h.pollChannel('whdel', 'whdelchan');
    await h.pollChannel('whblock', 'whblockchan');
    const deleted = await h.waitFor('whdel', 'post_deleted');
    const restricted = await h.waitFor('whblock', 'account_restricted');

    await until(async () => (bodies('/all').length >= 2 ? true : undefined), async () => `deliveries to /all: ${JSON.stringify(bodies('/all').map((b) => b.event.type))}`);
    await until(async () => (bodies('/deletions').length >= 1 && bodies('/urgent').length >= 1 ? true : undefined), 'filtered deliveries');

    const all = bodies('/all');
    expect(all.map((b) => [b.event.type, b.event.target, b.event.status]).sort()).toEqual([
      ['account_restricted', 'whblock', 'confirmed'],
      ['post_deleted', 'whdel', 'confirmed'],
    ]);
    // The body is the archived record as is, plus the target (tags from the catalog).
    const del = all.find((b) => b.event.type === 'post_deleted')!;
    expect(EventRecord.parse(del.event)).toEqual(deleted);
    expect(del).toMatchObject({ v: 1, kind: 'event', webhook: 'all', delivery: `all.${deleted.id}`, target: { id: 'whdel', key: 'whdelchan', tags: ['urgent'] } });
    expect(all.find((b) => b.event.type === 'account_restricted')!.event.id).toBe(restricted.id);

    // Every request verifies with its own webhook's secret and names its delivery and event type.
    for (const r of recv.at('/all')) {
      expect(signedOk(r, SECRET)).toBe(true);
      expect(r.headers['x-vigil-delivery']).toBe((JSON.parse(r.body) as EventBody).delivery);
      expect(r.headers['x-vigil-event']).toBe((JSON.parse(r.body) as EventBody).event.type);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const [d] = recv.at('/deletions');
    expect(signedOk(d!, OTHER_SECRET)).toBe(true);
    expect(signedOk(d!, SECRET)).toBe(false);
    expect(bodies('/deletions').map((b) => [b.event.type, b.event.target])).toEqual([['post_deleted', 'whdel']]);
    expect(bodies('/urgent').map((b) => [b.event.type, b.event.target])).toEqual([['post_deleted', 'whdel']]);
    expect(recv.at('/nobody')).toEqual([]);
    // Candidates were written before the confirmations, and none was delivered.
    expect((await h.eventsFor('whdel')).some((e) => e.status === 'candidate')).toBe(true);
    expect(recv.received.every((r) => (JSON.parse(r.body) as EventBody).event.status === 'confirmed')).toBe(true);
  });

  it('a failing receiver gets every attempt, then the delivery is a dead letter; the guard keeps Vigil off other private addresses', async () => {
    const failing = '/failing/T0/B0/PATHSECRET';
    const restricted = await h.waitFor('whblock', 'account_restricted');
    const letters = await until(
      async () => {
        const r = await api('/api/webhooks/dead-letters');
        const list = r.body.deadLetters as { webhook: string }[];
        return list.length >= 2 ? (r.body as { count: number; deadLetters: Record<string, unknown>[] }) : undefined;
      },
      async () => `dead letters: ${JSON.stringify((await api('/api/webhooks/dead-letters')).body)}`,
    );
    expect(letters.count).toBe(2);
    expect(await (await fetch(`${h.app.apiUrl}/metrics`)).text()).toMatch(/^vigil_webhook_dead_letters 2$/m);
    const byHook = Object.fromEntries(letters.deadLetters.map((l) => [l.webhook, l]));
    expect(byHook.failing).toMatchObject({ delivery: `failing.${restricted.id}`, eventId: restricted.id, eventType: 'account_restricted', target: 'whblock', attempts: 3 });
    expect(byHook.failing!.lastError).toContain('answered HTTP 500');
    // Three attempts, each freshly signed.
    expect(recv.at(failing)).toHaveLength(3);
    for (const r of recv.at(failing)) expect(signedOk(r, SECRET)).toBe(true);
    // The blocked receiver: refused before any connection, not retried, never contacted.
    expect(byHook.blocked).toMatchObject({ eventId: restricted.id, attempts: 1 });
    expect(byHook.blocked!.lastError).toContain('VGL_FETCH_BLOCKED_ADDRESS');
    expect(canary.received).toEqual([]);
    // No secret and no URL path or query in what the API shows.
    const shown = JSON.stringify([letters, (await api('/api/webhooks')).body]);
    for (const s of ['PATHSECRET', 'QUERYSECRET', SECRET, OTHER_SECRET]) expect(shown).not.toContain(s);
    expect((await api('/api/webhooks?x=1')).status).toBe(200);
    expect(((await api('/api/webhooks')).body.webhooks as { id: string; origin: string }[]).find((w) => w.id === 'failing')?.origin).toBe(recv.url);

    // The receiver is fixed: the dead letter is queued again and delivered.
    recv.answer(failing, 204);
    expect((await post(`/api/webhooks/dead-letters/failing.${restricted.id}/retry`, {})).status).toBe(200);
    await until(async () => (recv.at(failing).length >= 4 ? true : undefined), 'the retried delivery');
    await until(async () => (((await api('/api/webhooks/dead-letters')).body.count as number) === 1 ? true : undefined), 'one dead letter left');
    expect((await post('/api/webhooks/dead-letters/no-such-delivery/retry', {})).status).toBe(404);
  });

  it('POST /api/webhooks/test sends a signed test body to one webhook, or to all and says which failed', async () => {
    const before = recv.at('/all').length;
    const one = await post('/api/webhooks/test', { id: 'all' });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ok: true, results: [{ id: 'all', ok: true, status: 200 }] });
    const got = recv.at('/all').slice(before);
    expect(got).toHaveLength(1);
    expect(signedOk(got[0]!, SECRET)).toBe(true);
    expect(got[0]!.headers['x-vigil-event']).toBe('test');
    expect(JSON.parse(got[0]!.body)).toMatchObject({ v: 1, kind: 'test', webhook: 'all' });

    recv.answer('/deletions', 503);
    const every = await post('/api/webhooks/test', {});
    expect(every.body.ok).toBe(false);
    const results = Object.fromEntries((every.body.results as { id: string; ok: boolean; code?: string; status?: number }[]).map((r) => [r.id, r]));
    expect(results.all).toMatchObject({ ok: true });
    expect(results.deletions).toMatchObject({ ok: false, code: 'VGL_WEBHOOK_FAILED', status: 503 });
    expect(results.blocked).toMatchObject({ ok: false, code: 'VGL_FETCH_BLOCKED_ADDRESS' });
    expect(canary.received).toEqual([]);
    expect((await post('/api/webhooks/test', { id: 'nope' })).status).toBe(404);
  });

  it('a re-indexed confirmed event is not delivered again; a delivery for a webhook no longer configured is a dead letter at once', async () => {
    const deleted = await h.waitFor('whdel', 'post_deleted');
    const sent = recv.at('/all').filter((r) => (JSON.parse(r.body) as EventBody).event?.id === deleted.id).length;
    expect(sent).toBe(1);
    const { index, webhook } = h.app.core.queues;
    const again = await index.add('event', { kind: 'event', key: eventKey(deleted.id, 'confirmed') }, { jobId: `again-${deleted.id}` });
    await until(async () => ((await index.getJob(again.id!))?.finishedOn ? true : undefined), 'the repeated index job');
    expect((await index.getJob(again.id!))!.failedReason).toBeUndefined();
    // The fan-out ran again inside that job: every delivery id already existed, nothing new queued.
    expect(await webhook.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect(recv.at('/all').filter((r) => (JSON.parse(r.body) as EventBody).event?.id === deleted.id)).toHaveLength(sent);

    await webhook.add('deliver', { webhookId: 'removed', delivery: `removed.${deleted.id}`, eventId: deleted.id, eventType: 'post_deleted', target: 'whdel', body: '{}' }, { jobId: `removed.${deleted.id}`, attempts: 5, backoff: { type: 'exponential', delay: 100 } });
    const letter = await until(async () => {
      const r = await api('/api/webhooks/dead-letters?webhook=removed');
      return ((r.body.deadLetters as unknown[]) ?? [])[0] as { attempts: number; lastError: string } | undefined;
    }, 'the dead letter of a removed webhook');
    expect(letter).toMatchObject({ attempts: 1 });
    expect(letter.lastError).toContain('webhook removed is no longer configured');
  });
});
