// Users, roles, sessions, personal tokens and the audit log, over a real s3rver bucket (where
// accounts and the audit chain live) and a PGlite catalog: the demo is open on loopback only
// until the first user exists; then every request signs in, roles limit what it may do, and
// logins, target changes, exports and dossiers land in the chained audit log.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createAccessStore, type AccessStore } from '../../src/archive/access/store.js';
import { auditKey, createAuditLog, verifyAudit } from '../../src/archive/access/audit.js';
import { createCatalog, type Catalog } from '../../src/catalog/index.js';
import type { TargetDef } from '../../src/catalog/types.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { runVigil } from '../helpers/cli.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const log = pino({ level: 'silent' });
let s3: TestS3;
let catalog: Catalog;
let access: AccessStore;
let api: FastifyInstance;
const defs: TargetDef[] = [];
const ADMIN_PW = 'correct horse battery staple';
const VIEWER_PW = 'viewer password 2024';

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  access = createAccessStore(s3.store);
  api = await buildApi({
    settings: { http: { host: '127.0.0.1', port: 0 } },
    log, catalog,
    archive: { getCapture: async () => null, getBlob: async () => null },
    targets: {
      add: async (i) => {
        const d = { id: i.id ?? 'x', spec: i.spec, platform: 'telegram', key: 'x', everyMs: 60_000, tags: [], createdAt: '2024-11-01T00:00:00.000Z' };
        defs.push(d);
        return d;
      },
      list: async () => defs,
      remove: async () => undefined,
    },
    exporter: { export: async () => ({ body: Buffer.from('zip'), filename: 'case.zip', sha256: 'ab'.repeat(32) }) },
    access,
    audit: createAuditLog(s3.store),
  });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await catalog?.close();
  await s3?.close();
});

const cookieOf = (res: { headers: Record<string, unknown> }): string => {
  const h = res.headers['set-cookie'];
  const line = (Array.isArray(h) ? h : [String(h)]).find((c) => c.startsWith('vigil_session='))!;
  return line.split(';')[0];
};
const login = async (user: string, password: string) => api.inject({ method: 'POST', url: '/api/login', payload: { user, password } });

describe('access', () => {
  it('is open on loopback while there are no users, closed once the first admin exists', async () => {
    expect((await api.inject({ url: '/api/targets' })).statusCode).toBe(200);
    expect((await api.inject({ url: '/api/targets', remoteAddress: '10.0.0.5' })).json().code).toBe('VGL_FORBIDDEN');
    // What `vigil users add` does.
    await access.addUser('admin', ADMIN_PW, 'admin');
    await expect(access.addUser('admin', ADMIN_PW, 'admin')).rejects.toMatchObject({ code: 'VGL_USER_EXISTS' });
    await expect(access.addUser('short', 'x', 'viewer')).rejects.toMatchObject({ code: 'VGL_BAD_REQUEST' });
    // The open-mode answer is cached for a moment; wait until it closes (no fixed sleep).
    const deadline = Date.now() + 10_000;
    let r = await api.inject({ url: '/api/targets' });
    while (r.statusCode === 200 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      r = await api.inject({ url: '/api/targets' });
    }
    expect([r.statusCode, r.json().code]).toEqual([401, 'VGL_UNAUTHORIZED']);
    // UI pages send you to the login form.
    const page = await api.inject({ url: '/' });
    expect([page.statusCode, page.headers.location]).toEqual([302, '/login?next=%2F']);
  });

  it('password login gives a session; roles limit what it may do', async () => {
    expect((await login('admin', 'wrong password!!')).json().code).toBe('VGL_UNAUTHORIZED');
    const ok = await login('admin', ADMIN_PW);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toMatch(/vigil_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200/);
    const admin = cookieOf(ok);
    expect((await api.inject({ url: '/api/me', headers: { cookie: admin } })).json()).toEqual({ user: { name: 'admin', role: 'admin', via: 'session' } });
    // The admin makes a viewer and an editor.
    for (const [name, role] of [['vera', 'viewer'], ['ed', 'editor']] as const) {
      const r = await api.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { name, password: VIEWER_PW, role } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const users = (await api.inject({ url: '/api/users?limit=2', headers: { cookie: admin } })).json();
    expect(users.users.map((u: { name: string }) => u.name)).toEqual(['admin', 'ed']);
    expect(users.next).toEqual(expect.any(String));
    const viewer = cookieOf(await login('vera', VIEWER_PW));
    expect((await api.inject({ url: '/api/targets', headers: { cookie: viewer } })).statusCode).toBe(200);
    const denied = await api.inject({ method: 'POST', url: '/api/targets', headers: { cookie: viewer }, payload: { spec: 'telegram:durov' } });
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'VGL_ROLE_REQUIRED']);
    expect((await api.inject({ url: '/api/users', headers: { cookie: viewer } })).statusCode).toBe(403);
    expect((await api.inject({ url: '/api/audit', headers: { cookie: viewer } })).statusCode).toBe(403);
    const editor = cookieOf(await login('ed', VIEWER_PW));
    const added = await api.inject({ method: 'POST', url: '/api/targets', headers: { cookie: editor }, payload: { spec: 'telegram:durov', id: 'durov' } });
    expect(added.statusCode, added.body).toBe(201);
    // Disabling a user ends what their session may do.
    await api.inject({ method: 'PATCH', url: '/api/users/ed', headers: { cookie: admin }, payload: { disabled: true } });
    expect((await api.inject({ url: '/api/targets', headers: { cookie: editor } })).statusCode).toBe(401);
    // Logging out ends the session.
    expect((await api.inject({ method: 'POST', url: '/api/logout', headers: { cookie: viewer } })).statusCode).toBe(200);
    expect((await api.inject({ url: '/api/targets', headers: { cookie: viewer } })).statusCode).toBe(401);
  });

  it('personal API tokens carry their user’s role and can be revoked', async () => {
    const viewer = cookieOf(await login('vera', VIEWER_PW));
    const made = await api.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: viewer }, payload: { label: 'laptop' } });
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json() as { token: string; id: string };
    expect(token).toMatch(/^vgl_/);
    const auth = { authorization: `Bearer ${token}` };
    expect((await api.inject({ url: '/api/me', headers: auth })).json().user).toEqual({ name: 'vera', role: 'viewer', via: 'token' });
    expect((await api.inject({ method: 'DELETE', url: '/api/targets/durov', headers: auth })).statusCode).toBe(403);
    expect((await api.inject({ url: '/api/tokens', headers: auth })).json().tokens).toEqual([{ id, label: 'laptop', createdAt: expect.any(String), revokedAt: null }]);
    expect((await api.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie: viewer } })).statusCode).toBe(200);
    expect((await api.inject({ url: '/api/me', headers: auth })).statusCode).toBe(401);
    // Only hashes are stored: no token or password in any access/ object.
    for await (const k of s3.store.list('access/')) {
      const body = (await s3.store.get(k))!.toString();
      for (const secret of [token, ADMIN_PW, VIEWER_PW]) expect(body).not.toContain(secret);
    }
  });

  it('writes logins, user changes, target changes and exports to a chained audit log', async () => {
    const admin = cookieOf(await login('admin', ADMIN_PW));
    expect((await api.inject({ url: '/api/export?target=durov', headers: { cookie: admin } })).statusCode).toBe(200);
    // Making a dossier (its page, its one package) is audited like an export; the bare chooser is not.
    expect((await api.inject({ url: '/dossier', headers: { cookie: admin } })).statusCode).toBe(200);
    expect((await api.inject({ url: '/dossier?q=arrest', headers: { cookie: admin } })).statusCode).toBe(200);
    const zip = await api.inject({ url: '/dossier.zip?capture=01JCRX00000000000000CAP001&event=01JCRX0000000000000000EV01', headers: { cookie: admin } });
    expect([zip.statusCode, zip.headers['x-vigil-sha256']]).toEqual([200, 'ab'.repeat(32)]);
    const entries: { action: string; actor: string; details: Record<string, unknown> }[] = [];
    let cursor: string | null = null;
    do {
      const r = (await api.inject({ url: `/api/audit?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: { cookie: admin } })).json() as { entries: typeof entries; next: string | null };
      entries.push(...r.entries);
      cursor = r.next;
    } while (cursor);
    const actions = entries.map((e) => `${e.actor}:${e.action}`).reverse();
    expect(actions).toEqual([
      'anonymous:login.failed', 'admin:login', 'admin:user.add', 'admin:user.add', 'vera:login', 'ed:login', 'ed:target.add', 'admin:user.change', 'vera:logout',
      'vera:login', 'vera:token.create', 'vera:token.revoke', 'admin:login', 'admin:export', 'admin:dossier', 'admin:dossier',
    ]);
    const dossiers = entries.filter((e) => e.action === 'dossier').reverse();
    expect(dossiers[0].details).toMatchObject({ format: 'html', q: 'arrest' });
    expect(dossiers[1].details).toMatchObject({ format: 'zip', captures: ['01JCRX00000000000000CAP001'], events: ['01JCRX0000000000000000EV01'], sha256: 'ab'.repeat(32) });
    expect(entries.find((e) => e.action === 'target.add')!.details).toMatchObject({ target: 'durov', spec: 'telegram:durov' });
    expect(entries.find((e) => e.action === 'export')!.details).toMatchObject({ sha256: 'ab'.repeat(32) });
    expect(await verifyAudit(s3.store)).toEqual({ entries: 16, faults: [] });
    // Rewriting one entry breaks the link from the next.
    const k = auditKey(2);
    const e = JSON.parse((await s3.store.get(k))!.toString());
    await s3.store.put(k, Buffer.from(JSON.stringify({ ...e, actor: 'someone-else' }) + '\n'), { contentType: 'application/json' });
    const v = await verifyAudit(s3.store);
    expect(v.faults).toEqual([{ key: auditKey(3), problem: expect.stringContaining('an entry was altered or replaced') }]);
  });
});

describe('vigil users', () => {
  it('add makes a user in the bucket who can sign in; list shows them; the change is audited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-users-'));
    try {
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
      const env = { ...base, NODE_NO_WARNINGS: '1', VIGIL_DATA_DIR: dir, VIGIL_S3_ENDPOINT: s3.endpoint, VIGIL_S3_BUCKET: s3.bucket, VIGIL_S3_ACCESS_KEY_ID: s3.accessKeyId, VIGIL_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, VIGIL_S3_REGION: s3.region };
      await writeFile(join(dir, 'pw'), 'a long cli password\n');
      const add = await runVigil(['users', 'add', 'carla', '--role', 'editor', '--password-file', join(dir, 'pw')], env);
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toContain('added carla (editor)');
      const gen = await runVigil(['users', 'add', 'gen', '--json'], env);
      expect(gen.code, gen.stderr).toBe(0);
      const { password } = JSON.parse(gen.stdout) as { password: string };
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect((await login('carla', 'a long cli password')).json().user).toEqual({ name: 'carla', role: 'editor', via: 'session' });
      expect((await login('gen', password)).json().user).toMatchObject({ name: 'gen', role: 'viewer' });
      const again = await runVigil(['users', 'add', 'carla', '--password-file', join(dir, 'pw')], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('VGL_USER_EXISTS');
      const list = JSON.parse((await runVigil(['users', 'list', '--json'], env)).stdout) as { users: { name: string; role: string }[] };
      expect(list.users.find((u) => u.name === 'carla')).toMatchObject({ role: 'editor' });
      const log = await createAuditLog(s3.store).list({ limit: 50 });
      expect(log.find((e) => e.action === 'user.add' && e.details.user === 'carla')!.actor).toMatch(/^cli:/);
      // `vigil verify --bucket` walks the audit chain too, and names a broken link.
      const k = auditKey(1);
      const e = JSON.parse((await s3.store.get(k))!.toString());
      await s3.store.put(k, Buffer.from(JSON.stringify({ ...e, action: 'nothing' }) + '\n'), { contentType: 'application/json' });
      const v = await runVigil(['verify', '--bucket', '--json'], env);
      expect(v.code).not.toBe(0);
      const faults = (JSON.parse(v.stdout) as { faults: { code: string; key: string }[] }).faults.filter((f) => f.code === 'audit_chain_broken');
      expect(faults).toContainEqual(expect.objectContaining({ key: auditKey(2) }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
