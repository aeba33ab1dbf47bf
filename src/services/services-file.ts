// <dataDir>/run/services.json: where the embedded services of a running `vigil run` listen, so
// a second process on the same data dir (`vigil run --role worker`) joins them instead of
// starting a second redis-server on the same AOF. No credentials are written.
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

export const ServicesFile = z.object({
  v: z.literal(1),
  pid: z.number().int(),
  startedAt: z.string(),
  redisUrl: z.string().optional(),
  /** pid of the redis-server we spawned, to stop it if its owner died without stop(). */
  redisPid: z.number().int().optional(),
  s3Endpoint: z.string().optional(),
  /** pid of the s3rver process we spawned (same purpose as redisPid). */
  s3Pid: z.number().int().optional(),
  bucket: z.string(),
});
export type ServicesFile = z.infer<typeof ServicesFile>;

export const servicesFilePath = (dataDir: string): string => resolve(dataDir, 'run', 'services.json');

export async function writeServicesFile(dataDir: string, info: ServicesFile): Promise<void> {
  const path = servicesFilePath(dataDir);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(info, null, 2) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The file as written, live owner or not (null when missing or unreadable). */
export async function readServicesFileRaw(dataDir: string): Promise<ServicesFile | null> {
  const text = await readFile(servicesFilePath(dataDir), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return ServicesFile.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * After a crash of the owner, its redis-server and s3rver (own sessions, so they outlive it) may
 * still hold <dataDir>/redis and the ports. Stop them (only if the pid really is that program) so
 * new ones can own the data. Returns what was stopped.
 */
export async function reapOrphans(dataDir: string, which: { redis: boolean; s3: boolean }): Promise<{ service: string; pid: number }[]> {
  const stale = await readServicesFileRaw(dataDir);
  if (!stale || alive(stale.pid)) return [];
  const out: { service: string; pid: number }[] = [];
  const candidates: [string, number | undefined, string][] = [
    ['redis', which.redis ? stale.redisPid : undefined, 'redis-server'],
    ['s3', which.s3 ? stale.s3Pid : undefined, 's3rver'],
  ];
  for (const [service, pid, program] of candidates) {
    if (!pid || !alive(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmd.includes(program)) continue;
    process.kill(pid, 'SIGTERM'); // redis fsyncs the AOF on SIGTERM
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    out.push({ service, pid });
  }
  return out;
}

/** The running services of another live process on this data dir, or null (missing, unreadable or stale). */
export async function readServicesFile(dataDir: string): Promise<ServicesFile | null> {
  const text = await readFile(servicesFilePath(dataDir), 'utf8').catch(() => null);
  if (text === null) return null;
  let parsed: ServicesFile;
  try {
    parsed = ServicesFile.parse(JSON.parse(text));
  } catch {
    return null;
  }
  return alive(parsed.pid) ? parsed : null;
}

export async function removeServicesFile(dataDir: string, pid = process.pid): Promise<void> {
  const current = await readFile(servicesFilePath(dataDir), 'utf8').catch(() => null);
  if (current === null) return;
  // Only the owner removes it (a joined worker stopping must not hide the services).
  const owner = (() => {
    try {
      return (JSON.parse(current) as { pid?: number }).pid;
    } catch {
      return undefined;
    }
  })();
  if (owner === pid) await unlink(servicesFilePath(dataDir)).catch(() => undefined);
}
