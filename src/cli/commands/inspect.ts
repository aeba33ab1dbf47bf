// vigil inspect <spec or post URL> --file PATH [--status CODE] [--post KEY] [--json]: classify a
// saved answer of a platform without a network (src/scrapers/inspect.ts). A .gz file is unpacked.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import { inspectAnswer, unreadable } from '../../scrapers/inspect.js';
import { specExamples } from '../../scrapers/registry.js';
import { out, printJson } from '../output.js';

interface InspectFlags {
  file: string;
  status?: string;
  contentType?: string;
  post?: string;
  purpose?: string;
  json?: boolean;
}

async function load(file: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    throw unreadable(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return gunzipSync(raw);
  } catch {
    throw unreadable(file, 'looks gzipped but does not unpack');
  }
}

export function registerInspect(program: Command): void {
  program
    .command('inspect <target>')
    .description(`classify a saved page or API answer of a platform, offline: <target> is a spec (e.g. ${specExamples()[0]}) or a post URL`)
    .requiredOption('--file <path>', 'the saved answer (HTML, or the JSON of the platform web client; .gz accepted)')
    .option('--status <code>', 'the HTTP status it came with', '200')
    .option('--content-type <type>', 'the Content-Type it came with (default: sniffed)')
    .option('--post <key>', 'inspect it as the own page of the post with this key')
    .option('--purpose <purpose>', 'listing or landing (default: the one that gives a verdict)')
    .option('--json', 'print JSON')
    .action(async (target: string, o: InspectFlags) => {
      const status = Number(o.status ?? '200');
      if (!Number.isInteger(status) || status < 100 || status > 599) throw new VigilError('VGL_BAD_REQUEST', `--status ${o.status}: an HTTP status code (100-599)`);
      if (o.purpose !== undefined && o.purpose !== 'listing' && o.purpose !== 'landing') throw new VigilError('VGL_BAD_REQUEST', `--purpose ${o.purpose}: listing or landing`);
      const body = await load(o.file);
      const r = inspectAnswer({ target, body, status, ...(o.contentType ? { contentType: o.contentType } : {}), ...(o.post ? { post: o.post } : {}), ...(o.purpose ? { purpose: o.purpose as 'listing' | 'landing' } : {}) });
      if (o.json) return printJson(r);
      out(`${r.platform} ${r.kind}: ${r.state}${r.reason ? ` (${r.reason})` : ''}; ${r.posts} post(s) parsed`);
    });
}
