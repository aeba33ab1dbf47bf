// A real PostgreSQL server for one test file: `initdb` in a temp dir, `postgres` on a free
// loopback port (socket in the same dir), stopped and removed by close(). The binaries come from
// Debian's `postgresql` package (scripts/setup.sh installs it) under /usr/lib/postgresql/<ver>/bin.
// PostgreSQL refuses to run as root, so as root the server runs as the package's `postgres`
// system user (`runuser -u postgres --`); as any other user it runs as that user.
import { execFile, execFileSync } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.js';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'vigil';

export interface TestPostgres {
  port: number;
  /** postgres://vigil@127.0.0.1:<port>/postgres (the maintenance database). */
  url: string;
  /** A fresh, empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The newest installed server's bin dir, or a clear error saying how to install one. */
export async function postgresBinDir(): Promise<string> {
  const versions = existsSync(PG_ROOT) ? (await readdir(PG_ROOT)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = join(PG_ROOT, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(`no PostgreSQL server under ${PG_ROOT}/<version>/bin: run scripts/setup.sh (installs the Debian package postgresql)`);
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** argv that runs `cmd` as the server's user. */
const serverUser = (cmd: string, args: string[]): [string, string[]] => (asRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

async function owner(): Promise<{ uid: number; gid: number } | undefined> {
  if (!asRoot()) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('select 1');
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = await postgresBinDir();
  const root = await mkdtemp(join(tmpdir(), 'vigil-pg-'));
  const data = join(root, 'data');
  const logFile = join(root, 'server.log');
  const own = await owner();
  if (own) await chown(root, own.uid, own.gid);
  const pgCtl = (args: string[]) => serverUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    const [cmd, args] = pgCtl(['-m', 'immediate', '-w', 'stop']);
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // not running
    }
  };
  try {
    // A UTF-8 character type, as production servers have (postgres:16 runs en_US.utf8): under
    // LC_CTYPE C, PostgreSQL cannot lower-case Cyrillic and pg_trgm sees no letters in it.
    const [initCmd, initArgs] = serverUser(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await run(initCmd, initArgs);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // Test server: no fsync, no TCP outside loopback, socket inside the temp dir.
      const opts = `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      const [cmd, args] = pgCtl(['-o', opts, '-l', logFile, '-w', '-t', '120', 'start']);
      try {
        await run(cmd, args);
        break;
      } catch (e) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (attempt < 3 && /already in use|could not bind/i.test(log)) continue;
        throw new Error(`postgres did not start: ${(e as Error).message}\n${log.slice(-2000)}`);
      }
    }
    process.once('exit', stopSync);
    const base = `postgres://${SUPERUSER}@127.0.0.1:${port}`;
    const url = `${base}/postgres`;
    await waitReady(url, 60_000);
    return {
      port,
      url,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name ${name}: lowercase letters, digits, _`);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`CREATE DATABASE ${name}`);
        } finally {
          await c.end();
        }
        return `${base}/${name}`;
      },
      async close() {
        process.removeListener('exit', stopSync);
        if (!stopped) {
          stopped = true;
          const [cmd, args] = pgCtl(['-m', 'fast', '-w', 'stop']);
          await run(cmd, args).catch(() => undefined);
        }
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (e) {
    stopSync();
    await rm(root, { recursive: true, force: true });
    throw e;
  }
}
