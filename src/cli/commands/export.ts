// vigil export (--target|--event|--capture|--search) [--since] [--until] --out case.zip
// With --search, --target/--platform/--tag/--deleted/--since/--until filter it as `vigil search` does.
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { VigilError } from '../../errors.js';
import { clientFor } from '../context.js';
import { out } from '../output.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('download a self-verifying case package (zip)')
    .option('--target <id>', 'everything about one target')
    .option('--event <id>', 'one event and its evidence')
    .option('--capture <id>', 'one capture')
    .option('--search <query>', 'the posts `vigil search` lists for this query (and the filters below)')
    .option('--platform <name>', 'with --search: only targets on this platform')
    .option('--tag <tag>', 'with --search: only targets with this tag')
    .option('--deleted', 'with --search: only posts confirmed deleted')
    .option('--since <time>', 'from this ISO time')
    .option('--until <time>', 'up to this ISO time')
    .requiredOption('--out <file>', 'where to write the zip')
    .action(async (o: Record<string, string | undefined> & { deleted?: boolean }, cmd: Command) => {
      const searching = o.search !== undefined;
      // With --search, --target is one of its filters.
      const selectors = (['target', 'event', 'capture', 'search'] as const).filter((k) => o[k] !== undefined && !(searching && k === 'target'));
      if (selectors.length !== 1) throw new VigilError('VGL_BAD_REQUEST', 'give exactly one of --target, --event, --capture, --search');
      if (!searching && (o.platform !== undefined || o.tag !== undefined || o.deleted !== undefined)) {
        throw new VigilError('VGL_BAD_REQUEST', '--platform, --tag and --deleted filter a search: give --search as well');
      }
      const q = new URLSearchParams();
      for (const k of ['target', 'event', 'capture', 'search', 'platform', 'tag', 'since', 'until'] as const) if (o[k] !== undefined) q.set(k, String(o[k]));
      if (o.deleted !== undefined) q.set('deleted', 'true');
      const res = await clientFor(cmd).raw(`/api/export?${q}`);
      if (!res.body) throw new VigilError('VGL_INTERNAL', 'the API sent an empty export');
      // Write to a temp name and rename, so an interrupted download never looks complete.
      const file = o.out!;
      const tmp = `${file}.part`;
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); size += chunk.length; cb(null, chunk); } });
      await pipeline(Readable.fromWeb(res.body as WebReadable<Uint8Array>), tap, createWriteStream(tmp));
      await rename(tmp, file);
      out(`wrote ${file} (${size} bytes, sha256 ${hash.digest('hex')})`);
    });
}
