// Users, personal API tokens and login sessions, kept in the bucket under `access/` (the
// system of record; the catalog is derived and rebuilt from evidence, so accounts do not live
// there). Only hashes are stored: scrypt for passwords, SHA-256 for tokens and session ids.
// Nothing here is ever deleted (a bucket may refuse deletes): revoking overwrites the record.
// Lookups are cached briefly; a revoke in this process takes effect at once, elsewhere within
// `cacheMs`.
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { checkPassword, hashPassword, newSecret, secretHash } from './passwords.js';

export const ROLE_NAMES = ['viewer', 'editor', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const UserName = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'a user name: 2-64 of a-z 0-9 . _ - (lower case)');

export const UserRecord = z.object({
  v: z.literal(1),
  name: UserName,
  role: z.enum(ROLE_NAMES),
  password: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabled: z.boolean().default(false),
});
export type UserRecord = z.infer<typeof UserRecord>;

export const TokenRecord = z.object({
  v: z.literal(1),
  id: z.string(),
  user: UserName,
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

const SessionRecord = z.object({ v: z.literal(1), user: UserName, createdAt: z.string(), expiresAt: z.string(), revokedAt: z.string().optional() });

export interface Principal {
  name: string;
  role: RoleName;
  /** How the request proved it: a session cookie, a personal token, the configured http.apiToken, or loopback in open mode. */
  via: 'session' | 'token' | 'api-token' | 'loopback';
}

export interface AccessStore {
  anyUsers(): Promise<boolean>;
  addUser(name: string, password: string, role: RoleName): Promise<UserRecord>;
  updateUser(name: string, change: { role?: RoleName; password?: string; disabled?: boolean }): Promise<UserRecord>;
  getUser(name: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** The user for a right password (null otherwise, also for a disabled user). */
  login(name: string, password: string): Promise<UserRecord | null>;
  createSession(user: string, ttlMs: number): Promise<{ id: string; expiresAt: string }>;
  session(id: string): Promise<Principal | null>;
  endSession(id: string): Promise<void>;
  createToken(user: string, label: string): Promise<{ token: string; record: TokenRecord }>;
  listTokens(user: string): Promise<TokenRecord[]>;
  revokeToken(user: string, id: string): Promise<void>;
  token(secret: string): Promise<Principal | null>;
}

const PASSWORD_MIN = 12;
const userKey = (name: string) => `access/users/${name}.json`;
const tokenKey = (hash: string) => `access/tokens/${hash}.json`;
const tokenIndexKey = (user: string, id: string) => `access/user-tokens/${user}/${id}.json`;
const sessionKey = (hash: string) => `access/sessions/${hash}.json`;
const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n');

export function checkNewPassword(pw: string): void {
  if (pw.length < PASSWORD_MIN) throw new VigilError('VGL_BAD_REQUEST', `password: at least ${PASSWORD_MIN} characters`);
  if (pw.length > 1024) throw new VigilError('VGL_BAD_REQUEST', 'password: at most 1024 characters');
}

export function createAccessStore(store: ObjectStore, o: { now?: () => Date; cacheMs?: number } = {}): AccessStore {
  const now = o.now ?? (() => new Date());
  const cacheMs = o.cacheMs ?? 30_000;
  const cache = new Map<string, { at: number; value: Principal | null }>();
  const cached = async (k: string, load: () => Promise<Principal | null>): Promise<Principal | null> => {
    const hit = cache.get(k);
    if (hit && Date.now() - hit.at < cacheMs) return hit.value;
    const value = await load();
    if (cache.size > 10_000) cache.clear();
    cache.set(k, { at: Date.now(), value });
    return value;
  };
  const read = async <T>(key: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T | null> => {
    const b = await store.get(key);
    if (!b) return null;
    const r = schema.safeParse(JSON.parse(b.toString('utf8')));
    return r.success ? r.data : null;
  };
  const write = (key: string, v: unknown) => store.put(key, json(v), { contentType: 'application/json' });
  const getUser = (name: string) => read(userKey(name), UserRecord);
  const active = async (name: string): Promise<UserRecord | null> => {
    const u = await getUser(name);
    return u && !u.disabled ? u : null;
  };

  const api: AccessStore = {
    async anyUsers() {
      for await (const _ of store.list('access/users/')) return true;
      return false;
    },
    async addUser(name, password, role) {
      UserName.parse(name);
      checkNewPassword(password);
      const at = now().toISOString();
      const rec: UserRecord = { v: 1, name, role, password: await hashPassword(password), createdAt: at, updatedAt: at, disabled: false };
      const r = await store.put(userKey(name), json(rec), { contentType: 'application/json', ifNoneMatch: true });
      if (r.existed) throw new VigilError('VGL_USER_EXISTS', `user ${name} exists; change it with PATCH /api/users/${name}`);
      return rec;
    },
    async updateUser(name, change) {
      const u = await getUser(name);
      if (!u) throw new VigilError('VGL_NOT_FOUND', `no user ${name}`);
      if (change.password !== undefined) checkNewPassword(change.password);
      const next: UserRecord = {
        ...u,
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.password !== undefined ? { password: await hashPassword(change.password) } : {}),
        updatedAt: now().toISOString(),
      };
      await write(userKey(name), next);
      cache.clear(); // roles and disabling take effect at once here
      return next;
    },
    getUser,
    async listUsers() {
      const out: UserRecord[] = [];
      for await (const k of store.list('access/users/')) {
        const u = await read(k, UserRecord);
        if (u) out.push(u);
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async login(name, password) {
      if (!UserName.safeParse(name).success) return null;
      const u = await getUser(name);
      // The same work for an unknown user as for a known one: timing does not tell names apart.
      const ok = await checkPassword(password, u?.password ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      return u && ok && !u.disabled ? u : null;
    },
    async createSession(user, ttlMs) {
      const id = newSecret();
      const at = now();
      const expiresAt = new Date(at.getTime() + ttlMs).toISOString();
      await write(sessionKey(secretHash(id)), { v: 1, user, createdAt: at.toISOString(), expiresAt });
      return { id, expiresAt };
    },
    session(id) {
      const h = secretHash(id);
      return cached(`s:${h}`, async () => {
        const s = await read(sessionKey(h), SessionRecord);
        if (!s || s.revokedAt || Date.parse(s.expiresAt) <= now().getTime()) return null;
        const u = await active(s.user);
        return u ? { name: u.name, role: u.role, via: 'session' } : null;
      });
    },
    async endSession(id) {
      const h = secretHash(id);
      const s = await read(sessionKey(h), SessionRecord);
      if (s) await write(sessionKey(h), { ...s, revokedAt: now().toISOString() });
      cache.delete(`s:${h}`);
    },
    async createToken(user, label) {
      if (!(await active(user))) throw new VigilError('VGL_NOT_FOUND', `no active user ${user}`);
      const token = newSecret('vgl_');
      const h = secretHash(token);
      const record: TokenRecord = { v: 1, id: h.slice(0, 16), user, label: label.slice(0, 100), createdAt: now().toISOString() };
      await write(tokenKey(h), record);
      await write(tokenIndexKey(user, record.id), { ...record, hash: h });
      return { token, record };
    },
    async listTokens(user) {
      const out: TokenRecord[] = [];
      for await (const k of store.list(`access/user-tokens/${user}/`)) {
        const t = await read(k, TokenRecord);
        if (t) out.push(t);
      }
      return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async revokeToken(user, id) {
      const idx = await read(tokenIndexKey(user, id), TokenRecord.extend({ hash: z.string() }));
      if (!idx) throw new VigilError('VGL_NOT_FOUND', `user ${user} has no token ${id}`);
      const at = now().toISOString();
      const { hash, ...rec } = idx;
      await write(tokenKey(hash), { ...rec, revokedAt: at });
      await write(tokenIndexKey(user, id), { ...idx, revokedAt: at });
      cache.delete(`t:${hash}`);
    },
    token(secret) {
      const h = secretHash(secret);
      return cached(`t:${h}`, async () => {
        const t = await read(tokenKey(h), TokenRecord);
        if (!t || t.revokedAt) return null;
        const u = await active(t.user);
        return u ? { name: u.name, role: u.role, via: 'token' } : null;
      });
    },
  };
  return api;
}
