// The configured logged-in sessions (config `sessions`), rotated per platform. A session the
// platform answers "not logged in" to is benched (rotated out) and raises the `session_expired`
// health alert until its storageState file changes (the operator logged in again and re-exported
// it). Benches live in Redis, so every worker skips the session and the web role shows the alert.
// Session files are re-read when they change on disk (mtime/size), hashed to tell a new file from
// the benched one; their contents are never logged.
import { createHash } from 'node:crypto';
import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { VigilError, isVigilError } from '../errors.js';
import type { SessionConfig } from '../config/vantage.js';
import { parseStorageState, sessionCookies, type SessionCookies } from './session-state.js';

export interface ActiveSession {
  platform: string;
  label: string;
  cookies: SessionCookies;
  /** sha256 of the storageState file this session was read from. */
  fileHash: string;
}

export interface SessionAlert {
  type: 'session_expired' | 'session_unreadable';
  platform: string;
  label: string;
  since: string;
  hint: string;
  /** Only with details (the authenticated API): what the platform answered. */
  reason?: string;
}

export interface SessionStore {
  /** Whether any session is configured for the platform. */
  has(platform: string): boolean;
  /** A session for a step of `platform` (rotated), or undefined when none applies or every one is benched. */
  pick(platform: string, step: { needsSession?: boolean }): Promise<ActiveSession | undefined>;
  /** The platform answered "not logged in" to a request sent with `s`: bench it until its file changes. */
  expired(s: ActiveSession, reason: string): Promise<void>;
  alerts(opts?: { details?: boolean }): Promise<SessionAlert[]>;
  /** Every configured file readable and a storageState (boot check of a worker); throws VGL_CONFIG_INVALID. */
  check(): Promise<void>;
}

/** The few Redis commands the store needs. */
export interface BenchRedis {
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, field: string, value: string): Promise<unknown>;
  hdel(key: string, field: string): Promise<unknown>;
}

export interface SessionStoreDeps {
  sessions: readonly SessionConfig[];
  redis: BenchRedis;
  prefix: string;
  log: Logger;
  readFile?: (path: string) => Promise<Buffer>;
  stat?: (path: string) => Promise<{ mtimeMs: number; size: number }>;
  now?: () => Date;
}

interface Bench {
  kind: 'expired' | 'unreadable';
  since: string;
  reason: string;
  /** Hash of the file when benched ('' when unreadable): another hash lifts the bench. */
  file: string;
}

export const SESSION_EXPIRED_HINT =
  'The platform no longer accepts this session: it is rotated out (never a takedown). Log in again, export the storage state over the same file (sessions[].storageState); the session is used again once the file changes.';
const UNREADABLE_HINT = 'The session file is missing or not a Playwright storageState; fix the file (sessions[].storageState); it is retried when it changes.';

export function createSessionStore(d: SessionStoreDeps): SessionStore {
  const key = `${d.prefix}:sessions:benched`;
  const readFile = d.readFile ?? fsReadFile;
  const stat = d.stat ?? fsStat;
  const now = d.now ?? (() => new Date());
  const log = d.log.child({ component: 'sessions' });
  const cache = new Map<string, { mtimeMs: number; size: number; hash: string; cookies: SessionCookies }>();
  const turn = new Map<string, number>();
  const field = (platform: string, label: string): string => `${platform}/${label}`;

  async function load(c: SessionConfig): Promise<{ hash: string; cookies: SessionCookies }> {
    let st;
    try {
      st = await stat(c.storageState);
    } catch (e) {
      throw new VigilError('VGL_CONFIG_INVALID', `sessions: ${c.storageState} (platform ${c.platform}, label ${c.label}) cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
    }
    const hit = cache.get(c.storageState);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    const bytes = await readFile(c.storageState);
    const entry = { mtimeMs: st.mtimeMs, size: st.size, hash: createHash('sha256').update(bytes).digest('hex'), cookies: sessionCookies(parseStorageState(bytes.toString('utf8'), c.storageState)) };
    cache.set(c.storageState, entry);
    return entry;
  }

  const benches = async (): Promise<Map<string, Bench>> => {
    const raw = await d.redis.hgetall(key);
    const out = new Map<string, Bench>();
    for (const [k, v] of Object.entries(raw)) {
      try {
        out.set(k, JSON.parse(v) as Bench);
      } catch {
        // A garbled entry benches nothing.
      }
    }
    return out;
  };

  return {
    has: (platform) => d.sessions.some((s) => s.platform === platform),

    async pick(platform, step) {
      const mine = d.sessions.filter((s) => s.platform === platform && (step.needsSession || s.scope === 'all'));
      if (mine.length === 0) return undefined;
      const benched = await benches();
      const start = turn.get(platform) ?? 0;
      turn.set(platform, start + 1);
      for (let i = 0; i < mine.length; i++) {
        const c = mine[(start + i) % mine.length];
        const f = field(c.platform, c.label);
        const b = benched.get(f);
        let s;
        try {
          s = await load(c);
        } catch (e) {
          if (!isVigilError(e)) throw e;
          if (b?.kind !== 'unreadable') {
            log.warn({ platform: c.platform, label: c.label, err: e }, 'session file unreadable');
            await d.redis.hset(key, f, JSON.stringify({ kind: 'unreadable', since: now().toISOString(), reason: e.message, file: '' } satisfies Bench));
          }
          continue;
        }
        if (b && b.file === s.hash) continue;
        if (b) {
          // A new file since the bench: the operator logged in again.
          await d.redis.hdel(key, f);
          log.info({ platform: c.platform, label: c.label }, 'session file changed: back in rotation');
        }
        return { platform: c.platform, label: c.label, cookies: s.cookies, fileHash: s.hash };
      }
      return undefined;
    },

    async expired(s, reason) {
      const f = field(s.platform, s.label);
      await d.redis.hset(key, f, JSON.stringify({ kind: 'expired', since: now().toISOString(), reason: reason.slice(0, 300), file: s.fileHash } satisfies Bench));
      log.warn({ platform: s.platform, label: s.label, reason: reason.slice(0, 300) }, 'session expired: rotated out');
    },

    async alerts(opts = {}) {
      const configured = new Set(d.sessions.map((s) => field(s.platform, s.label)));
      const out: SessionAlert[] = [];
      for (const [f, b] of await benches()) {
        if (!configured.has(f)) continue; // a session no longer configured
        const [platform, ...rest] = f.split('/');
        out.push({
          type: b.kind === 'expired' ? 'session_expired' : 'session_unreadable',
          platform,
          label: rest.join('/'),
          since: b.since,
          hint: b.kind === 'expired' ? SESSION_EXPIRED_HINT : UNREADABLE_HINT,
          ...(opts.details ? { reason: b.reason } : {}),
        });
      }
      return out.sort((a, b) => `${a.platform}/${a.label}`.localeCompare(`${b.platform}/${b.label}`));
    },

    async check() {
      const problems: string[] = [];
      for (const c of d.sessions) {
        try {
          await load(c);
        } catch (e) {
          if (!isVigilError(e)) throw e;
          problems.push(e.message);
        }
      }
      if (problems.length) throw new VigilError('VGL_CONFIG_INVALID', problems.join('\n'), { details: { problems } });
    },
  };
}
