// vigil export (--target | --search | --event/--capture/--post, repeatable) [--since] [--until] --out case.zip
// With --search, --target/--platform/--tag/--deleted/--since/--until filter it as `vigil search` does.
// --event, --capture and --post may be repeated and combined: one package of every chosen item
// (what the web dossier's package holds), as GET /api/export takes them.
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

/** Commander collector: a repeatable option's values in order. */
const each = (v: string, prev: string[]): string[] => [...prev, v];
const ITEMS = ['event', 'capture', 'post'] as const;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('download a self-verifying case package (zip)')
    .option('--target <id>', 'everything about one target')
    .option('--event <id>', 'an event and its evidence (repeat for several)', each, [])
    .option('--capture <id>', 'a capture (repeat for several)', each, [])
    .option('--post <target|postId>', "a post and its versions, as '<target>|<postId>' (repeat for several)", each, [])
    .option('--search <query>', 'the posts `vigil search` lists for this query (and the filters below)')
    .option('--platform <name>', 'with --search: only targets on this platform')
    .option('--tag <tag>', 'with --search: only targets with this tag')
    .option('--deleted', 'with --search: only posts confirmed deleted')
    .option('--since <time>', 'from this ISO time')
    .option('--until <time>', 'up to this ISO time')
    .requiredOption('--out <file>', 'where to write the zip')
    .action(async (o: Record<'target' | 'search' | 'platform' | 'tag' | 'since' | 'until' | 'out', string | undefined> & Record<(typeof ITEMS)[number], string[]> & { deleted?: boolean }, cmd: Command) => {
      const searching = o.search !== undefined;
      // With --search, --target is one of its filters; items (events, captures, posts) go together.
      const whole = (['target', 'search'] as const).filter((k) => o[k] !== undefined && !(searching && k === 'target'));
      const items = ITEMS.some((k) => o[k].length > 0);
      if (whole.length + (items ? 1 : 0) !== 1) {
        throw new VigilError('VGL_BAD_REQUEST', 'give exactly one of --target or --search, or one or more of --event, --capture, --post');
      }
      const badPost = o.post.find((p) => !/^[^|]+\|.+$/.test(p));
      if (badPost !== undefined) throw new VigilError('VGL_BAD_REQUEST', `--post ${badPost}: write it as '<target>|<postId>' (quoted: the shell reads | as a pipe)`);
      if (!searching && (o.platform !== undefined || o.tag !== undefined || o.deleted !== undefined)) {
        throw new VigilError('VGL_BAD_REQUEST', '--platform, --tag and --deleted filter a search: give --search as well');
      }
      const q = new URLSearchParams();
      for (const k of ['target', 'search', 'platform', 'tag', 'since', 'until'] as const) if (o[k] !== undefined) q.set(k, String(o[k]));
      for (const k of ITEMS) for (const id of o[k]) q.append(k, id);
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
