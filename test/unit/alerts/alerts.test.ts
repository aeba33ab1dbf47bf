// Pure parts of the webhooks: signatures (checked against `openssl dgst -sha256 -hmac`, as the
// README tells receivers), filters, bodies, URL redaction and the alerts.* config.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AlertsSettings, deliveryId, eventBody, signatureHeader, urlOrigin, verifySignature, webhookAllowPrivate, webhookWants } from '../../../src/alerts/index.js';
import type { EventRecord } from '../../../src/archive/types.js';
import { loadSettings } from '../../../src/config/load.js';
import { isVigilError } from '../../../src/errors.js';

const SECRET = 'a-webhook-secret-of-32-characters';
const body = JSON.stringify({ v: 1, kind: 'event', text: 'Задержаны 14 участников' });

const rec: EventRecord = {
  v: 1,
  id: '01JEXAMPLE0000000000000000',
  type: 'account_restricted',
  status: 'confirmed',
  target: 'gomel',
  detectedAt: '2026-12-01T10:00:00.000Z',
  confirmedAt: '2026-12-01T10:02:00.000Z',
  window: { lastOkAt: '2026-12-01T09:55:00.000Z', firstChangedAt: '2026-12-01T10:00:00.000Z' },
  confidence: 0.9,
  rule: 'state_change',
  evidence: ['obs1', 'obs2'],
  details: { consistentWith: { attackEventId: '01JATTACK', lagSeconds: 5400 } },
};

describe('webhook signature', () => {
  it('is the HMAC-SHA256 of "<t>.<body>" that openssl computes, and verifies', () => {
    const t = 1764583200;
    const header = signatureHeader(SECRET, t, body);
    const hex = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(Number(hex[1])).toBe(t);
    // The README's recipe: { printf '%s.' "$t"; cat body.json; } | openssl dgst -sha256 -hmac "$SECRET"
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', SECRET], { input: Buffer.from(`${t}.${body}`, 'utf8') }).toString();
    expect(openssl.trim().split(/\s+/).pop()).toBe(hex[2]);
    expect(verifySignature(header, SECRET, body, t + 10)).toEqual({ ok: true, t });
  });

  it('refuses another secret, a changed body, a stale timestamp (replay) and garbage', () => {
    const t = 1764583200;
    const header = signatureHeader(SECRET, t, body);
    expect(verifySignature(header, 'another-secret-of-enough-length', body, t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, SECRET, body.replace('14', '41'), t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, SECRET, body, t + 301)).toEqual({ ok: false, reason: 'stale' });
    // The timestamp is signed: moving it forward to pass the replay check breaks the signature.
    expect(verifySignature(header.replace(`t=${t}`, `t=${t + 1000}`), SECRET, body, t + 1000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('v1=zz', SECRET, body, t)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(undefined, SECRET, body, t)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('webhook filters', () => {
  const e = { type: 'post_deleted', target: 'vesna', tags: ['hr', 'demo'] };
  it.each([
    [{}, true],
    [{ types: ['post_deleted'] as const }, true],
    [{ types: ['account_suspended', 'attack_suspected'] as const }, false],
    [{ targets: ['vesna'] }, true],
    [{ targets: ['other'] }, false],
    [{ tags: ['media', 'hr'] }, true],
    [{ tags: ['media'] }, false],
    [{ types: ['post_deleted'] as const, targets: ['vesna'], tags: ['media'] }, false],
    [{ types: ['post_deleted'] as const, targets: ['vesna'], tags: ['demo'] }, true],
  ])('%j -> %s', (w, want) => {
    expect(webhookWants(w as never, e)).toBe(want);
  });
  it('a tag filter never matches a target the catalog does not know (no tags)', () => {
    expect(webhookWants({ tags: ['hr'] }, { ...e, tags: [] })).toBe(false);
  });
});

describe('webhook bodies', () => {
  it('carry the archived record as is (consistentWith included), the target, and links only with a public URL', () => {
    const b = eventBody('ops', rec, { id: 'gomel', spec: 'telegram:gomel', key: 'gomel', platform: 'telegram', tags: ['demo'] });
    expect(b).toMatchObject({ v: 1, kind: 'event', delivery: `ops.${rec.id}`, webhook: 'ops', event: rec, target: { id: 'gomel', tags: ['demo'] } });
    expect(b.links).toBeUndefined();
    const l = eventBody('ops', rec, { id: 'gomel', tags: [] }, 'https://vigil.example.org/');
    expect(l.links).toEqual({ event: `https://vigil.example.org/api/events/${rec.id}`, evidence: `https://vigil.example.org/api/export?event=${rec.id}` });
  });
  it('delivery ids are deterministic and safe as BullMQ job ids', () => {
    expect(deliveryId('ops', rec.id)).toBe(deliveryId('ops', rec.id));
    expect(deliveryId('o:p s', 'x/y')).toMatch(/^[A-Za-z0-9_.-]+$/);
  });
  it('URLs are shown by origin only (webhook paths are often secrets)', () => {
    expect(urlOrigin('https://hooks.example.org:8443/services/T0/B0/XXXXSECRET?token=abc')).toBe('https://hooks.example.org:8443');
  });
});

describe('alerts config', () => {
  const file = (hooks: unknown[]) => ({ alerts: { webhooks: hooks } });
  it('secretEnv is read from the environment (a VIGIL_* name is not an unknown setting)', () => {
    const s = loadSettings({ env: { VIGIL_WEBHOOK_OPS: SECRET }, overrides: file([{ id: 'ops', url: 'https://hooks.example.org/x', secretEnv: 'VIGIL_WEBHOOK_OPS', types: ['account_suspended'] }]) });
    expect(s.alerts.webhooks[0]).toMatchObject({ id: 'ops', secret: SECRET, types: ['account_suspended'] });
    expect(s.alerts).toMatchObject({ attempts: 10, backoff: 10_000, timeout: 10_000 });
  });
  it('an unset secretEnv, a missing secret, an unknown type and a non-http URL are named', () => {
    try {
      loadSettings({
        env: {},
        overrides: file([
          { id: 'a', url: 'https://h.example.org/', secretEnv: 'HOOK_A' },
          { id: 'b', url: 'https://h.example.org/' },
          { id: 'a', url: 'https://h.example.org/', secret: SECRET, types: ['caused_by'] },
          { id: 'c', url: 'ftp://h.example.org/', secret: SECRET },
        ]),
      });
      expect.unreachable();
    } catch (e) {
      expect(isVigilError(e, 'VGL_CONFIG_INVALID')).toBe(true);
      const msg = (e as Error).message;
      expect(msg).toContain('alerts.webhooks[0].secretEnv: environment variable HOOK_A is not set');
      expect(msg).toContain('alerts.webhooks[1].secret: set secretEnv');
      expect(msg).toContain('alerts.webhooks[2].types[0]');
      expect(msg).toContain('alerts.webhooks[3].url: must be an http(s) URL');
    }
  });
  it('a duplicate id is named', () => {
    const hook = { id: 'a', url: 'https://h.example.org/', secret: SECRET };
    expect(() => loadSettings({ env: {}, overrides: file([hook, hook]) })).toThrow('alerts.webhooks[1].id: duplicate webhook id "a"');
  });
  it('receivers may reach network.allowPrivate plus alerts.allowPrivate', () => {
    expect(webhookAllowPrivate(false, false)).toEqual([]);
    expect(webhookAllowPrivate(['127.0.0.2'], ['10.0.0.5/32'])).toEqual(['127.0.0.2', '10.0.0.5/32']);
    expect(webhookAllowPrivate(false, true)).toBe(true);
    expect(AlertsSettings.parse({}).webhooks).toEqual([]);
  });
});
