// Search latency over a large archive: BENCH_POSTS (default 1,000,000) posts from the simulator's
// Russian/Kazakh/English corpus on a real PostgreSQL server, and BENCH_PGLITE_POSTS (default the
// same) on the embedded PGlite, on disk as `vigil run` keeps it. PGlite is single-threaded
// WebAssembly: loading a million posts takes it ~18 minutes on a 2-core machine (PostgreSQL ~5);
// BENCH_PGLITE_POSTS=200000 gives a quicker figure, named as such. Mixed queries through Catalog.search (the
// API's path, snippets included): Russian word forms, Kazakh substrings, English, phrases,
// exclusions, filters (target, platform, tag, deleted, date range) and second pages by cursor.
// Prints one JSON line last: {"bench":"search","posts",…,"p50_ms","p95_ms","pglite_posts",…}.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { catalogOver } from '../src/catalog/catalog.js';
import { openPg, openPglite, type Db } from '../src/catalog/db.js';
import { migrate } from '../src/catalog/migrate.js';
import type { Catalog, SearchRequest } from '../src/catalog/types.js';
import { startPostgres } from '../test/helpers/startPostgres.js';
import { benchTargets, dropPostIndexes, loadPosts, loadTargets, rebuildIndexes, type BenchTarget } from './search-data.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000_000);
const PGLITE_POSTS = Number(process.env.BENCH_PGLITE_POSTS ?? POSTS);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const log = pino({ level: 'silent' });
const say = (s: string) => process.stderr.write(`search bench: ${s}\n`);

type Kind = 'ru' | 'kk' | 'en' | 'filter' | 'page2';
interface Spec {
  kind: Kind;
  req: SearchRequest;
}

/** The mixed query set, over targets that exist in the data. Pure. */
function specs(targets: readonly BenchTarget[]): Spec[] {
  const rss = targets.find((t) => t.platform === 'rss')!.id;
  const tg = targets.find((t) => t.platform === 'telegram')!.id;
  const ru = ['расследования', 'задержанием', 'приговоре', 'журналистов', 'обысках', 'пыткой', 'экстремизме', 'депортации', 'Ахметжанова', 'политзаключённым', '"задержаны не менее"', 'суд -колонии', 'забастовку Караганде'];
  const kk = ['Қазақстан', 'тергеу', 'белсенділер', 'наразылық', 'Жаңаөзен', 'тінту журналист', 'бостандығынан', 'үкімді'];
  const en = ['detentions', 'investigation', 'sentenced journalist', 'raids Almaty'];
  const filters: SearchRequest[] = [
    { q: 'расследования', tag: 'media' },
    { q: 'задержание', platform: 'rss' },
    { q: 'Қазақстан', tag: 'kz' },
    { q: 'арест', deleted: true },
    { q: 'журналист', since: '2024-03-01', until: '2024-03-31' },
    { q: 'обыск', target: tg },
    { q: 'расследование', target: rss },
    { q: 'тергеу', platform: 'telegram', since: '2023-06-01', until: '2023-12-31' },
    { q: 'detention', tag: 'ngo', deleted: false },
    { q: 'приговор', tag: 'official', since: '2024-10-01' },
  ];
  return [
    ...ru.map((q) => ({ kind: 'ru' as const, req: { q } })),
    ...kk.map((q) => ({ kind: 'kk' as const, req: { q } })),
    ...en.map((q) => ({ kind: 'en' as const, req: { q } })),
    ...filters.map((req) => ({ kind: 'filter' as const, req })),
    ...['расследования', 'Қазақстан', 'detentions'].map((q) => ({ kind: 'page2' as const, req: { q } })),
  ];
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(1));
};

async function prepare(db: Db, posts: number, targets: BenchTarget[], name: string, maintenanceMem?: string): Promise<number> {
  const t0 = Date.now();
  await migrate(db, log);
  await loadTargets(db, targets);
  const defs = await dropPostIndexes(db);
  let last = 0;
  await loadPosts(db, targets, 0, posts, posts, (done) => {
    if (done - last >= 100_000 || done === posts) {
      say(`${name}: ${done} posts loaded (${Math.round((Date.now() - t0) / 1000)} s)`);
      last = done;
    }
  });
  say(`${name}: building indexes`);
  await rebuildIndexes(db, defs, maintenanceMem);
  return Math.round((Date.now() - t0) / 1000);
}

/** Every spec ROUNDS times (after one warm-up pass); milliseconds per query, and hits per spec. */
async function measure(cat: Catalog, list: Spec[]): Promise<{ ms: number[]; byKind: Record<Kind, number[]>; empty: string[] }> {
  const ms: number[] = [];
  const byKind = { ru: [], kk: [], en: [], filter: [], page2: [] } as Record<Kind, number[]>;
  const cursors = new Map<string, string | null>();
  for (const s of list) if (s.kind === 'page2') cursors.set(s.req.q, (await cat.search(s.req)).next);
  const empty: string[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    for (const s of list) {
      const req = s.kind === 'page2' ? { ...s.req, cursor: cursors.get(s.req.q) ?? undefined } : s.req;
      const t = process.hrtime.bigint();
      const page = await cat.search(req);
      const took = Number(process.hrtime.bigint() - t) / 1e6;
      if (round === 0) {
        if (!page.hits.length) empty.push(JSON.stringify(s.req));
        continue; // warm-up
      }
      ms.push(took);
      byKind[s.kind].push(took);
    }
  }
  return { ms, byKind, empty };
}

const figures = (m: Awaited<ReturnType<typeof measure>>) => ({
  p50_ms: pct(m.ms, 50),
  p95_ms: pct(m.ms, 95),
  p95_by_kind_ms: Object.fromEntries(Object.entries(m.byKind).map(([k, v]) => [k, pct(v, 95)])),
});

const targets = benchTargets(TARGETS);
const list = specs(targets);

// PostgreSQL
const server = await startPostgres();
let pgOut: Record<string, unknown>;
try {
  const db = await openPg(await server.createDatabase('vigil_bench_search'), log);
  const loadS = await prepare(db, POSTS, targets, 'postgres', '256MB');
  const m = await measure(catalogOver(db, log), list);
  if (m.empty.length) say(`postgres: no hits for ${m.empty.join(', ')}`);
  pgOut = { posts: POSTS, ...figures(m), load_s: loadS };
  await db.close();
} finally {
  await server.close();
}

// PGlite (on disk, as `vigil run` keeps it)
const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-pglite-'));
let liteOut: Record<string, unknown> = {};
try {
  if (PGLITE_POSTS > 0) {
    const db = await openPglite(dir);
    const loadS = await prepare(db, PGLITE_POSTS, targets, 'pglite');
    const m = figures(await measure(catalogOver(db, log), list));
    liteOut = { pglite_posts: PGLITE_POSTS, pglite_p50_ms: m.p50_ms, pglite_p95_ms: m.p95_ms, pglite_p95_by_kind_ms: m.p95_by_kind_ms, pglite_load_s: loadS };
    await db.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

process.stdout.write(
  JSON.stringify({
    bench: 'search',
    ...pgOut,
    ...liteOut,
    queries: list.length * ROUNDS,
    target_p95_ms: 100,
    note: PGLITE_POSTS !== POSTS ? `PGlite measured on ${PGLITE_POSTS} posts, PostgreSQL on ${POSTS} (BENCH_PGLITE_POSTS)` : undefined,
  }) + '\n',
);
