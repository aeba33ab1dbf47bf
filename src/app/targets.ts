// Target management: validate the spec, write targets/<id>.json (the definition, in the bucket),
// index it in the catalog (via the index queue) and put it on the scheduler's due-set.
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ObjectStore } from '../archive/types.js';
import { parseDuration } from '../config/duration.js';
import type { TargetConfig } from '../config/schema.js';
import { VigilError, isVigilError } from '../errors.js';
import type { TargetRef } from '../scrapers/types.js';
import type { Scheduler } from '../workers/scheduler.js';
import { jobId } from '../workers/queues.js';
import { TargetDefSchema, targetKey, type TargetDefRecord } from './target-def.js';

export interface TargetsDeps {
  store: ObjectStore;
  scheduler: Pick<Scheduler, 'schedule' | 'unschedule'>;
  index: Queue;
  parseSpec(spec: string): TargetRef;
  defaultEveryMs: number;
  log: Logger;
  /** Drops the hot state when a target is removed. */
  forgetState?(targetId: string): Promise<void>;
  /** Where polls come from: a target's `vantages` list narrows the rotation (src/fetch/vantage-rotation.ts). */
  vantages?: { all: readonly { id: string }[]; set(targetId: string, ids: readonly string[] | undefined): Promise<void>; forget(targetId: string): Promise<void> };
}

export interface AddOptions {
  every?: string | number;
  id?: string;
  tags?: string[];
  /** network.vantages ids that poll this target (default: all). */
  vantages?: string[];
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const idFor = (ref: TargetRef): string => `${ref.platform}-${ref.key}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);

export async function addTarget(d: TargetsDeps, spec: string, opts: AddOptions = {}): Promise<TargetDefRecord> {
  const ref = d.parseSpec(spec);
  const everyMs = opts.every === undefined ? d.defaultEveryMs : parseDuration(opts.every);
  if (everyMs === null || everyMs < 1000) {
    throw new VigilError('VGL_BAD_REQUEST', `every: ${JSON.stringify(opts.every)} is not a duration of at least 1s (use e.g. "90s", "5m")`);
  }
  const id = opts.id ?? idFor(ref);
  if (!ID_RE.test(id)) throw new VigilError('VGL_BAD_REQUEST', `id: "${id}" must be letters, digits, . _ - (max 64)`);
  if (opts.vantages?.length && d.vantages) {
    const known = new Set(d.vantages.all.map((v) => v.id));
    const bad = opts.vantages.filter((v) => !known.has(v));
    if (bad.length) throw new VigilError('VGL_BAD_REQUEST', `vantages: ${bad.map((b) => JSON.stringify(b)).join(', ')} not configured (network.vantages: ${[...known].join(', ')})`);
  }
  if (await d.store.head(targetKey(id))) throw new VigilError('VGL_TARGET_EXISTS', `target "${id}" already exists`);
  const def: TargetDefRecord = { id, spec: ref.spec, platform: ref.platform, key: ref.key, everyMs, tags: opts.tags ?? [], ...(opts.vantages?.length ? { vantages: opts.vantages } : {}), createdAt: new Date().toISOString() };
  await d.store.put(targetKey(id), Buffer.from(JSON.stringify(def)), { contentType: 'application/json' });
  await d.index.add('target', { kind: 'target', key: targetKey(id) }, { jobId: jobId('idx', 'target', id, def.createdAt), removeOnComplete: true, attempts: 5 });
  await d.vantages?.set(id, def.vantages);
  await d.scheduler.schedule(id, def.spec, everyMs);
  d.log.info({ targetId: id, spec: def.spec, everyMs }, 'target added');
  return def;
}

export async function listTargets(d: Pick<TargetsDeps, 'store' | 'log'>): Promise<TargetDefRecord[]> {
  const out: TargetDefRecord[] = [];
  for await (const key of d.store.list('targets/')) {
    const raw = await d.store.get(key);
    if (!raw) continue;
    // A corrupt definition (truncated upload, hand-edited) is reported and skipped; the others are watched.
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      d.log.warn({ key, size: raw.length }, 'target definition is not valid JSON; skipped (rewrite it or remove the target)');
      continue;
    }
    const r = TargetDefSchema.safeParse(json);
    if (r.success) out.push(r.data);
    else d.log.warn({ key, issues: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'unreadable target definition skipped');
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Stops watching: removes the definition, the schedule and the catalog row. Evidence stays. */
export async function removeTarget(d: TargetsDeps & { remove(key: string): Promise<void> }, id: string): Promise<void> {
  if (!(await d.store.head(targetKey(id)))) throw new VigilError('VGL_TARGET_NOT_FOUND', `target "${id}" does not exist`);
  await d.scheduler.unschedule(id);
  await d.remove(targetKey(id));
  await d.forgetState?.(id);
  await d.vantages?.forget(id);
  await d.index.add('target_removed', { kind: 'target_removed', targetId: id }, { removeOnComplete: true, attempts: 5 });
  d.log.info({ targetId: id }, 'target removed');
}

export interface TargetChange {
  every?: string | number;
  tags?: string[];
  paused?: boolean;
}

/** Pause/resume, new interval, new tags: rewrites targets/<id>.json, re-indexes it, (un)schedules it. */
export async function updateTarget(d: TargetsDeps, id: string, change: TargetChange): Promise<TargetDefRecord> {
  const raw = await d.store.get(targetKey(id));
  if (!raw) throw new VigilError('VGL_TARGET_NOT_FOUND', `target "${id}" does not exist`);
  const def = TargetDefSchema.parse(JSON.parse(raw.toString('utf8')));
  let everyMs = def.everyMs;
  if (change.every !== undefined) {
    const ms = parseDuration(change.every);
    if (ms === null || ms < 1000) throw new VigilError('VGL_BAD_REQUEST', `every: ${JSON.stringify(change.every)} is not a duration of at least 1s (use e.g. "90s", "5m")`);
    everyMs = ms;
  }
  const next: TargetDefRecord = { ...def, everyMs, tags: change.tags ?? def.tags, ...(change.paused !== undefined ? { paused: change.paused } : {}) };
  if (!next.paused) delete next.paused;
  await d.store.put(targetKey(id), Buffer.from(JSON.stringify(next)), { contentType: 'application/json' });
  const stamp = new Date().toISOString();
  await d.index.add('target', { kind: 'target', key: targetKey(id) }, { jobId: jobId('idx', 'target', id, stamp), removeOnComplete: true, attempts: 5 });
  if (next.paused) await d.scheduler.unschedule(id);
  else await d.scheduler.schedule(id, next.spec, everyMs);
  d.log.info({ targetId: id, everyMs, paused: next.paused === true, tags: next.tags.length }, 'target changed');
  return next;
}

/** Boot: config-file targets are added when missing; every stored target is (re)scheduled. */
export async function syncTargets(d: TargetsDeps, fromConfig: TargetConfig[]): Promise<number> {
  // All or nothing: every config target is checked before the first one is written.
  const problems: string[] = [];
  fromConfig.forEach((t, i) => {
    try {
      d.parseSpec(t.spec);
    } catch (e) {
      problems.push(`targets[${i}].spec: ${isVigilError(e) ? e.message : String(e)}`);
    }
    if (t.every !== undefined && (parseDuration(t.every) ?? 0) < 1000) problems.push(`targets[${i}].every: ${JSON.stringify(t.every)} is not a duration of at least 1s`);
  });
  if (problems.length) throw new VigilError('VGL_CONFIG_INVALID', `config: ${problems.join('; ')}`, { details: { problems } });
  for (const t of fromConfig) {
    try {
      await addTarget(d, t.spec, { every: t.every, id: t.id, tags: t.tags, vantages: t.vantages });
    } catch (e) {
      if (!isVigilError(e, 'VGL_TARGET_EXISTS')) throw e;
    }
  }
  const all = await listTargets(d);
  for (const t of all) {
    await d.vantages?.set(t.id, t.vantages);
    if (!t.paused) await d.scheduler.schedule(t.id, t.spec, t.everyMs);
  }
  return all.length;
}
