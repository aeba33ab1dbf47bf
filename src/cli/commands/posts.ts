// vigil posts <target>
import type { Command } from 'commander';
import type { PostJson } from '../../api/shapes.js';
import { clientFor } from '../context.js';
import { out, printJson, table } from '../output.js';

export function registerPosts(program: Command): void {
  program
    .command('posts <target>')
    .description("a target's archived posts (deleted and edited ones marked)")
    .option('--limit <n>', 'how many, newest first', '50')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--json', 'print JSON')
    .action(async (target: string, o: { limit: string; cursor?: string; json?: boolean }, cmd: Command) => {
      const q = new URLSearchParams({ limit: o.limit, ...(o.cursor ? { cursor: o.cursor } : {}) });
      const { body } = await clientFor(cmd).json<{ posts: PostJson[]; next?: string | null }>('GET', `/api/targets/${encodeURIComponent(target)}/posts?${q}`);
      if (o.json) return printJson(body);
      const flag = (p: PostJson) => [p.deleted ? 'DELETED' : '', p.edited ? `EDITED(${p.versions.length})` : ''].filter(Boolean).join(' ');
      const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 80);
      out(table(body.posts.map((p) => [p.id, p.publishedAt, flag(p), p.views, oneLine(p.text)]), ['ID', 'PUBLISHED', 'FLAGS', 'VIEWS', 'TEXT']));
      if (body.next) out(`more: vigil posts ${target} --cursor ${body.next}`);
    });
}
