import { benchTargets, benchPost } from './bench/search-data.ts';
const t = benchTargets(2000); const t0 = Date.now(); let n = 0;
for (let i = 0; i < 100000; i++) n += benchPost(i, t, 1e6).text.length;
console.log('gen 100k', Date.now() - t0, 'ms', n / 100000, 'chars avg');
