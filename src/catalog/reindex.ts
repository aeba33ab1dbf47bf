// Rebuild the catalog from the bucket: the catalog is derived, the bucket is the record.
// Order: targets, then observations, events, captures, each in id (ULID = time) order.
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Archive } from '../archive/archive.js';
import { CaptureManifest, EventRecord, ObservationRecord } from '../archive/types.js';
import { VigilError } from '../errors.js';
import { PostRecord } from '../scrapers/types.js';
import type { Catalog, TargetDef } from './types.js';

/** What reindex writes to. */
export type ReindexTarget = Pick<Catalog, 'migrate' | 'upsertTarget' | 'applyObservation' | 'applyEvent' | 'applyCapture'>;

/** What reindex needs from the archive (src/archive/archive.ts readers). */
export type ReindexSource = Pick<Archive, 'listKeys' | 'getJson' | 'getBlob'>;

const TargetDefSchema = z.object({
  id: z.string(),
  spec: z.string(),
  platform: z.string(),
  key: z.string(),
  everyMs: z.number(),
  tags: z.array(z.string()).default([]),
  createdAt: z.string(),
});

export interface ReindexStats {
  targets: number;
  observations: number;
  events: number;
  captures: number;
  skipped: number;
}

/** Records sort by the file name (ULID first, then `.candidate`/`.confirmed` for events). */
const byName = (a: string, b: string): number => {
  const na = a.slice(a.lastIndexOf('/') + 1);
  const nb = b.slice(b.lastIndexOf('/') + 1);
  return na < nb ? -1 : na > nb ? 1 : 0;
};

async function keys(src: ReindexSource, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of src.listKeys(prefix)) if (k.endsWith('.json')) out.push(k);
  return out.sort(byName);
}

async function readJson<T extends z.ZodTypeAny>(src: ReindexSource, key: string, schema: T): Promise<z.output<T>> {
  const rec = await src.getJson(key, schema);
  if (!rec) throw new VigilError('VGL_STORE_INTEGRITY', `reindex: ${key} was listed but cannot be read`);
  return rec;
}

async function readPost(src: ReindexSource, sha256: string): Promise<PostRecord> {
  // getBlob verifies the bytes against their hash.
  const body = await src.getBlob(sha256);
  if (!body) throw new VigilError('VGL_STORE_INTEGRITY', `reindex: post blob ${sha256} is missing; run \`vigil verify --bucket\``);
  return PostRecord.parse(JSON.parse(body.toString('utf8')));
}

/**
 * Re-apply the records written since `since` (their date is in their key) and every target
 * definition. After Redis lost its data, the index jobs it held for recent records are gone with it.
 */
export async function reindexSince(src: ReindexSource, catalog: ReindexTarget, since: Date, log?: Logger, now: Date = new Date()): Promise<ReindexStats> {
  const days: string[] = [];
  const p = (n: number) => String(n).padStart(2, '0');
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= now.getTime(); t += 86_400_000) {
    const d = new Date(t);
    days.push(`${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/`);
  }
  return reindex(src, catalog, log, days);
}

export async function reindex(src: ReindexSource, catalog: ReindexTarget, log?: Logger, days?: string[]): Promise<ReindexStats> {
  const stats: ReindexStats = { targets: 0, observations: 0, events: 0, captures: 0, skipped: 0 };
  // Only the given days of each dated prefix (reindexSince), or everything.
  const dated = async (prefix: string): Promise<string[]> => {
    if (!days) return keys(src, prefix);
    const out: string[] = [];
    for (const day of days) out.push(...(await keys(src, prefix + day)));
    return out.sort(byName);
  };
  // One bad record must not stop a rebuild: report it and go on.
  const each = async (prefix: string, fn: (key: string) => Promise<void>, field: keyof ReindexStats) => {
    for (const key of prefix === 'targets/' ? await keys(src, prefix) : await dated(prefix)) {
      try {
        await fn(key);
        stats[field]++;
      } catch (err) {
        stats.skipped++;
        // A corrupt record (truncated upload, altered bytes) is reported and skipped, never fatal.
        log?.warn({ err, key }, 'reindex skipped record');
      }
    }
  };
  await catalog.migrate();
  await each('targets/', async (k) => catalog.upsertTarget((await readJson(src, k, TargetDefSchema)) as TargetDef), 'targets');
  await each('observations/', async (k) => {
    const rec = await readJson(src, k, ObservationRecord);
    const posts = [];
    for (const p of rec.posts) posts.push({ record: await readPost(src, p.sha256), sha256: p.sha256 });
    await catalog.applyObservation(rec, posts);
  }, 'observations');
  await each('events/', async (k) => catalog.applyEvent(await readJson(src, k, EventRecord)), 'events');
  await each('captures/', async (k) => catalog.applyCapture(await readJson(src, k, CaptureManifest)), 'captures');
  log?.info(stats, 'reindex done');
  return stats;
}
