// Sign-in and accounts: POST /api/login (password -> session cookie), POST /api/logout, GET
// /api/me; personal API tokens (/api/tokens, the caller's own); users (/api/users, admin) and
// the audit log (/api/audit, admin). Every login (and failed one) and user change is audited.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLE_NAMES, UserName, type UserRecord } from '../../archive/access/store.js';
import { VigilError } from '../../errors.js';
import { SESSION_COOKIE, clearCookie, cookieSecure, loginLimited, readCookie, sessionCookie } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import type { LoginLimiter } from '../login-limit.js';
import { recordAudit } from '../audit.js';
import { IdCursor, decodeCursor, pageOf } from '../cursor.js';
import { Next } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';

const LoginBody = z.object({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();
const Me = z.object({ name: z.string(), role: z.enum(ROLE_NAMES), via: z.enum(['session', 'token', 'api-token', 'loopback']) });
const MeAnswer = z.object({ user: Me });
const UserJson = z.object({ name: z.string(), role: z.enum(ROLE_NAMES), createdAt: z.string(), updatedAt: z.string(), disabled: z.boolean() });
const UsersAnswer = z.object({ users: z.array(UserJson), next: Next });
const UserAnswer = z.object({ user: UserJson });
const AddUserBody = z.object({ name: UserName, password: z.string().min(12).max(1024), role: z.enum(ROLE_NAMES) }).strict();
const PatchUserBody = z.object({ role: z.enum(ROLE_NAMES).optional(), password: z.string().min(12).max(1024).optional(), disabled: z.boolean().optional() }).strict();
const NameParams = z.object({ name: UserName });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), cursor: z.string().min(1).max(400).optional() }).strict();
const TokenJson = z.object({ id: z.string(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
const TokensAnswer = z.object({ tokens: z.array(TokenJson), next: Next });
const NewTokenBody = z.object({ label: z.string().min(1).max(100) }).strict();
const NewTokenAnswer = z.object({ token: z.string().describe('shown once; only its hash is stored'), id: z.string() });
const TokenParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) });
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), cursor: z.string().min(1).max(400).optional() }).strict();
const AuditCursor = z.object({ s: z.number().int().nonnegative() }).strict();
const AuditJson = z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), ip: z.string().optional(), details: z.record(z.unknown()), prev: z.string() });
const AuditAnswer = z.object({ entries: z.array(AuditJson), next: Next });
const Ok = z.object({ ok: z.literal(true) });

export const accessDocs: RouteDoc[] = [
  { method: 'post', path: '/api/login', tag: 'access', summary: 'Sign in with a password: sets the vigil_session cookie', body: LoginBody, answer: { schema: MeAnswer, description: 'who signed in' } },
  { method: 'post', path: '/api/logout', tag: 'access', role: 'viewer', summary: 'End this session', answer: { schema: Ok, description: 'signed out' } },
  { method: 'get', path: '/api/me', tag: 'access', role: 'viewer', summary: 'Who this request is', answer: { schema: MeAnswer, description: 'the caller' } },
  { method: 'get', path: '/api/tokens', tag: 'access', role: 'viewer', summary: 'Your personal API tokens (never the secrets)', query: ListQuery, answer: { schema: TokensAnswer, description: 'a page of tokens' } },
  { method: 'post', path: '/api/tokens', tag: 'access', role: 'viewer', summary: 'Make a personal API token (Authorization: Bearer <token>, with your role)', body: NewTokenBody, answer: { status: 201, schema: NewTokenAnswer, description: 'the token, shown once' } },
  { method: 'delete', path: '/api/tokens/:id', tag: 'access', role: 'viewer', summary: 'Revoke one of your tokens', params: TokenParams, answer: { schema: Ok, description: 'revoked' } },
  { method: 'get', path: '/api/users', tag: 'access', role: 'admin', summary: 'Users and their roles', query: ListQuery, answer: { schema: UsersAnswer, description: 'a page of users' } },
  { method: 'post', path: '/api/users', tag: 'access', role: 'admin', summary: 'Add a user (viewer, editor or admin)', body: AddUserBody, answer: { status: 201, schema: UserAnswer, description: 'the user' } },
  { method: 'patch', path: '/api/users/:name', tag: 'access', role: 'admin', summary: 'Change a user’s role or password, or disable them', params: NameParams, body: PatchUserBody, answer: { schema: UserAnswer, description: 'the user' } },
  { method: 'get', path: '/api/audit', tag: 'access', role: 'admin', summary: 'The audit log, newest first (chained entries in the bucket)', query: AuditQuery, answer: { schema: AuditAnswer, description: 'a page of entries' } },
];

const userJson = (u: UserRecord) => ({ name: u.name, role: u.role, createdAt: u.createdAt, updatedAt: u.updatedAt, disabled: u.disabled });

const sessionTtlMs = (deps: ApiDeps): number => deps.settings.http.sessionTtl ?? 12 * 3_600_000;

/** Password login shared by POST /api/login and the UI form: the new session, or null (counted against the client). */
export function passwordLogin(deps: ApiDeps, limiter: LoginLimiter) {
  return async (req: FastifyRequest, user: string, password: string): Promise<{ id: string; name: string; role: UserRecord['role']; maxAgeS: number } | null> => {
    if (!deps.access) throw new VigilError('VGL_NOT_ENABLED', 'user accounts are not wired in this Vigil process');
    const wait = limiter.blockedFor(req.ip);
    // Checked before the password is: a blocked client learns nothing, even with the right one.
    if (wait > 0) throw loginLimited(req.ip, wait);
    const u = await deps.access.login(user, password);
    if (!u) {
      limiter.fail(req.ip);
      await recordAudit(deps, req, 'login.failed', { user: user.slice(0, 64) }, 'anonymous');
      return null;
    }
    limiter.succeed(req.ip);
    const ttl = sessionTtlMs(deps);
    const s = await deps.access.createSession(u.name, ttl);
    await recordAudit(deps, req, 'login', { user: u.name }, u.name);
    return { id: s.id, name: u.name, role: u.role, maxAgeS: Math.floor(ttl / 1000) };
  };
}

export const accessRoutes = (deps: ApiDeps, limiter: LoginLimiter): FastifyPluginAsync => async (app) => {
  const access = () => {
    if (!deps.access) throw new VigilError('VGL_NOT_ENABLED', 'user accounts are not wired in this Vigil process');
    return deps.access;
  };
  const ttlMs = sessionTtlMs(deps);

  const login = passwordLogin(deps, limiter);
  const setSession = (req: FastifyRequest, reply: FastifyReply, id: string) =>
    reply.header('set-cookie', sessionCookie(id, Math.floor(ttlMs / 1000), cookieSecure(req, deps.settings.http)));

  app.post('/api/login', async (req, reply) => {
    const body = LoginBody.parse(req.body ?? {});
    const s = await login(req, body.user, body.password);
    if (!s) throw new VigilError('VGL_UNAUTHORIZED', 'wrong user name or password');
    setSession(req, reply, s.id);
    return MeAnswer.parse({ user: { name: s.name, role: s.role, via: 'session' } });
  });

  app.post('/api/logout', async (req, reply) => {
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sid && deps.access) await deps.access.endSession(sid);
    await recordAudit(deps, req, 'logout');
    void reply.header('set-cookie', clearCookie(cookieSecure(req, deps.settings.http), SESSION_COOKIE));
    return Ok.parse({ ok: true });
  });

  app.get('/api/me', async (req) => MeAnswer.parse({ user: req.user }));

  const own = (req: FastifyRequest): string => {
    const u = req.user;
    if (!u || (u.via !== 'session' && u.via !== 'token')) throw new VigilError('VGL_BAD_REQUEST', 'personal tokens belong to users: sign in as one (POST /api/login)');
    return u.name;
  };

  app.get('/api/tokens', async (req) => {
    const q = ListQuery.parse(req.query);
    const after = q.cursor ? decodeCursor(q.cursor, IdCursor, 'tokens').id : undefined;
    const all = (await access().listTokens(own(req))).filter((t) => after === undefined || t.id > after).sort((a, b) => a.id.localeCompare(b.id));
    const limit = q.limit ?? 100;
    const page = pageOf(all, limit, (t) => ({ id: t.id }));
    return TokensAnswer.parse({ tokens: page.items.map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt ?? null })), next: page.next });
  });

  app.post('/api/tokens', async (req, reply) => {
    const { label } = NewTokenBody.parse(req.body ?? {});
    const t = await access().createToken(own(req), label);
    await recordAudit(deps, req, 'token.create', { id: t.record.id, label });
    return reply.code(201).send(NewTokenAnswer.parse({ token: t.token, id: t.record.id }));
  });

  app.delete('/api/tokens/:id', async (req) => {
    const { id } = TokenParams.parse(req.params);
    await access().revokeToken(own(req), id);
    await recordAudit(deps, req, 'token.revoke', { id });
    return Ok.parse({ ok: true });
  });

  app.get('/api/users', async (req) => {
    const q = ListQuery.parse(req.query);
    const after = q.cursor ? decodeCursor(q.cursor, IdCursor, 'users').id : undefined;
    const all = (await access().listUsers()).filter((u) => after === undefined || u.name > after);
    const page = pageOf(all, q.limit ?? 100, (u) => ({ id: u.name }));
    return UsersAnswer.parse({ users: page.items.map(userJson), next: page.next });
  });

  app.post('/api/users', async (req, reply) => {
    const body = AddUserBody.parse(req.body ?? {});
    const u = await access().addUser(body.name, body.password, body.role);
    await recordAudit(deps, req, 'user.add', { user: u.name, role: u.role });
    return reply.code(201).send(UserAnswer.parse({ user: userJson(u) }));
  });

  app.patch('/api/users/:name', async (req) => {
    const { name } = NameParams.parse(req.params);
    const body = PatchUserBody.parse(req.body ?? {});
    const u = await access().updateUser(name, body);
    await recordAudit(deps, req, 'user.change', { user: name, role: body.role, disabled: body.disabled, password: body.password !== undefined ? 'changed' : undefined });
    return UserAnswer.parse({ user: userJson(u) });
  });

  app.get('/api/audit', async (req) => {
    if (!deps.audit) throw new VigilError('VGL_NOT_ENABLED', 'the audit log is not wired in this Vigil process');
    const q = AuditQuery.parse(req.query);
    const before = q.cursor ? decodeCursor(q.cursor, AuditCursor, 'audit').s : undefined;
    const limit = q.limit ?? 100;
    const rows = await deps.audit.list({ limit: limit + 1, ...(before !== undefined ? { before } : {}) });
    const page = pageOf(rows, limit, (e) => ({ s: e.seq }));
    return AuditAnswer.parse({ entries: page.items, next: page.next });
  });
};
