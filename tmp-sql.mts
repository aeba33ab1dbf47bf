import pg from 'pg';
const c = new pg.Client({ connectionString: `postgres://vigil@127.0.0.1:55432/${process.env.DB ?? 'x'}` }); await c.connect();
const sqls = process.argv.slice(2);
for (const s of sqls) { for (let k = 0; k < 3; k++) { const t = performance.now(); const r = await c.query(s); if (k === 2) console.log((performance.now() - t).toFixed(1), 'ms', JSON.stringify(r.rows).slice(0, 200), '|', s.slice(0, 150)); } }
await c.end();
