// vigil search <words...> [--target] [--platform] [--tag] [--deleted|--not-deleted] [--since] [--until]
//   [--limit] [--cursor] [--json]: GET /api/search, one page; the next page's command goes to stderr.
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import { clientFor } from '../context.js';
import { note, out, printJson, table } from '../output.js';

interface HitJson {
  target: string;
  postId: string;
  publishedAt: string | null;
  snippet: string;
  deleted: boolean;
  url: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The HTML snippet as terminal text: matches in [brackets], entities decoded. Pure. */
export const snippetText = (html: string): string =>
  html.replace(/<mark>/g, '[').replace(/<\/mark>/g, ']').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

interface SearchOpts {
  target?: string;
  platform?: string;
  tag?: string;
  deleted?: boolean;
  notDeleted?: boolean;
  since?: string;
  until?: string;
  limit: string;
  cursor?: string;
  json?: boolean;
}

export function registerSearch(program: Command): void {
  program
    .command('search <words...>')
    .description('search archived posts: Russian and English word forms, Kazakh by substring; newest first')
    .option('--target <id>', 'only this target')
    .option('--platform <name>', 'only targets on this platform, e.g. telegram, rss')
    .option('--tag <tag>', 'only targets with this tag')
    .option('--deleted', 'only posts confirmed deleted')
    .option('--not-deleted', 'leave out posts confirmed deleted')
    .option('--since <time>', 'published from this ISO date/time')
    .option('--until <time>', 'published up to this ISO date/time (a date covers the whole day)')
    .option('--limit <n>', 'hits per page', '20')
    .option('--cursor <next>', 'the page after the one that printed this cursor')
    .option('--json', 'print JSON')
    .action(async (words: string[], o: SearchOpts, cmd: Command) => {
      if (o.deleted && o.notDeleted) throw new VigilError('VGL_BAD_REQUEST', 'give --deleted or --not-deleted, not both');
      const q = new URLSearchParams({ q: words.join(' '), limit: o.limit });
      for (const k of ['target', 'platform', 'tag', 'since', 'until', 'cursor'] as const) if (o[k] !== undefined) q.set(k, o[k]!);
      if (o.deleted || o.notDeleted) q.set('deleted', o.deleted ? 'true' : 'false');
      const { body } = await clientFor(cmd).json<{ hits: HitJson[]; next: string | null }>('GET', `/api/search?${q}`);
      if (o.json) return printJson({ hits: body.hits, next: body.next });
      out(table(body.hits.map((h) => [h.publishedAt, h.target, h.postId, h.deleted ? 'DELETED' : '', snippetText(h.snippet)]), ['PUBLISHED', 'TARGET', 'POST', 'FLAGS', 'SNIPPET']));
      if (body.next) note(`more hits: add --cursor ${body.next}`);
    });
}
