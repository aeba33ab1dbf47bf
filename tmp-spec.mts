import pino from 'pino';
import { openPg } from './src/catalog/db.ts';
import { catalogOver } from './src/catalog/catalog.ts';
import { searchSql } from './src/catalog/search.ts';
import { benchTargets } from './bench/search-data.ts';
const db = await openPg(`postgres://vigil@127.0.0.1:55432/${process.env.DB ?? 'm'}`, pino({ level: 'silent' }));
const cat = catalogOver(db, pino({ level: 'silent' }));
const targets = benchTargets(2000);
const rss = targets.find((t) => t.platform === 'rss')!.id, tg = targets.find((t) => t.platform === 'telegram')!.id;
const ru = ['расследования', 'задержанием', 'приговоре', 'журналистов', 'обысках', 'пыткой', 'экстремизме', 'депортации', 'Ахметжанова', 'политзаключённым', '"задержаны не менее"', 'суд -колонии', 'забастовку Караганде'];
const kk = ['Қазақстан', 'тергеу', 'белсенділер', 'наразылық', 'Жаңаөзен', 'тінту журналист', 'бостандығынан', 'үкімді'];
const en = ['detentions', 'investigation', 'sentenced journalist', 'raids Almaty'];
const filters: any[] = [
    { q: 'расследования', tag: 'media' }, { q: 'задержание', platform: 'rss' }, { q: 'Қазақстан', tag: 'kz' }, { q: 'арест', deleted: true },
    { q: 'журналист', since: '2024-03-01', until: '2024-03-31' }, { q: 'обыск', target: tg }, { q: 'расследование', target: rss },
    { q: 'тергеу', platform: 'telegram', since: '2023-06-01', until: '2023-12-31' }, { q: 'detention', tag: 'ngo', deleted: false }, { q: 'приговор', tag: 'official', since: '2024-10-01' },
];
const all = [...ru.map((q) => ({ q })), ...kk.map((q) => ({ q })), ...en.map((q) => ({ q })), ...filters];
const only = process.env.ONLY ? process.env.ONLY.split(',').map(Number) : null;
for (const [i, r] of all.entries()) {
  if (only && !only.includes(i)) continue;
  const ts: number[] = []; let n = 0; let next: string | null = null;
  for (let k = 0; k < 4; k++) { const t = performance.now(); const p = await cat.search(r); ts.push(performance.now() - t); n = p.hits.length; next = p.next; }
  const t2 = performance.now(); if (next) await cat.search({ ...r, cursor: next }); const p2 = performance.now() - t2;
  console.log(i, ts.slice(1).map((x) => x.toFixed(0)).join('/'), 'ms; page2', p2.toFixed(0), 'hits', n, JSON.stringify(r));
  if (process.env.EXPLAIN) {
    const { probe, full, windowSize } = searchSql(r);
    for (const st of [probe, windowSize, full]) { if (!st) continue; const sql = st.sql, ps = st.params;
      const plan = await db.query<any>('EXPLAIN (ANALYZE) ' + sql, ps); console.log(plan.map((x) => x['QUERY PLAN']).join('\n')); }
  }
}
await db.close();
