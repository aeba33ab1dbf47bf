import pino from 'pino';
import { catalogOver } from './src/catalog/catalog.ts';
import { openPg } from './src/catalog/db.ts';
import { migrate } from './src/catalog/migrate.ts';
import { searchSql } from './src/catalog/search.ts';
import { startPostgres } from './test/helpers/startPostgres.ts';
import { benchTargets, dropPostIndexes, loadPosts, loadTargets, rebuildIndexes } from './bench/search-data.ts';
const N = Number(process.env.N ?? 200000);
const log = pino({ level: 'silent' });
const server = await startPostgres();
try {
  const db = await openPg(await server.createDatabase('x'), log);
  await migrate(db, log);
  const targets = benchTargets(2000);
  await loadTargets(db, targets);
  const defs = await dropPostIndexes(db);
  let t0 = Date.now();
  await loadPosts(db, targets, 0, N, N);
  console.log('load', (Date.now() - t0) / 1000);
  t0 = Date.now();
  await rebuildIndexes(db, defs, '256MB');
  console.log('index', (Date.now() - t0) / 1000);
  console.log(await db.query("select search_config::text, count(*) from posts group by 1"));
  console.log(await db.query("select pg_size_pretty(pg_total_relation_size('posts')) t, pg_size_pretty(pg_relation_size('posts_tsv')) tsv, pg_size_pretty(pg_relation_size('posts_trgm')) trgm"));
  for (const sql of ["select count(*) from posts where search_config='simple'::regconfig", "select count(*) from posts where search_lower is not null and search_lower like '%ахметжанова%'", "select count(*) from posts where search_config='simple'::regconfig and lower(text) like '%ахметжанова%'", "select count(*) from posts where search_lower is not null and search_lower like '%ахметжанова%'", "select count(*) from posts where tsv @@ 'ахметжанов'::tsquery", "select count(*) from posts where text <> ''"]) {
    for (let k = 0; k < 2; k++) { const t = Date.now(); const r = await db.query<any>('/*' + k + '*/ ' + sql.replace('count(*)', 'count(*) /*x*/')); if (k) console.log(Date.now() - t, 'ms', JSON.stringify(r), sql); }
  }
  await db.exec('SET max_parallel_workers_per_gather = 0');
  const cat = catalogOver(db, log);
  const reqs = [{ q: 'расследования' }, { q: 'журналистов' }, { q: 'Қазақстан' }, { q: 'тергеу' }, { q: 'тінту журналист' }, { q: 'detentions' }, { q: 'арест', deleted: true }, { q: 'журналист', since: '2024-03-01', until: '2024-03-31' }, { q: 'Ахметжанова' }, { q: 'суд -колонии' }, { q: '"задержаны не менее"' }, { q: 'обыск', target: 'bench_00007' }, { q: 'Иванбаева' }, { q: 'жиын' }, { q: 'расследования', tag: 'media' }, { q: 'задержание', platform: 'rss' }];
  for (const r of reqs) { await cat.search(r); const t = Date.now(); const p = await cat.search(r); console.log(Date.now() - t, 'ms', p.hits.length, JSON.stringify(r)); }
  for (const r of reqs.filter((_, i) => (process.env.EXPLAIN ?? '').split(',').includes(String(i)))) {
    const { probe, full, params, fullParams } = searchSql(r);
    for (const [sql, ps] of [[probe, params], [full, fullParams]].filter((x) => x[0]) as any) {
    const plan = await db.query<any>('EXPLAIN (ANALYZE) ' + sql, ps as any);
    console.log(JSON.stringify(r)); console.log(plan.map((x) => x['QUERY PLAN']).join('\n')); }
  }
  await db.close();
} finally { await server.close(); }
