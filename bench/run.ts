// `npm run bench -- <name>` runs bench/<name>.ts; each benchmark prints one JSON line of figures last.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.replace(/\.ts$/, ''));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>\navailable: ${names.join(', ')}\n`);
  process.exit(2);
}
const file = join(here, `${name}.ts`);
if (!existsSync(file)) process.exit(2);
// The benchmark sees its own arguments only (as if run as `npx tsx bench/<name>.ts ...`).
process.argv.splice(2, 1);
await import(pathToFileURL(file).href);
