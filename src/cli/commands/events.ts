// vigil events [--target] [--type] [--status]
import type { Command } from 'commander';
import type { EventJson } from '../../api/shapes.js';
import { clientFor } from '../context.js';
import { out, printJson, table } from '../output.js';

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('takedown events (deleted/edited posts, blocked or deleted accounts, ...)')
    .option('--target <id>', 'only this target')
    .option('--type <type>', 'e.g. post_deleted, account_restricted')
    .option('--status <status>', 'candidate | confirmed | dismissed')
    .option('--limit <n>', 'how many, newest first')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--json', 'print JSON')
    .action(async (o: { target?: string; type?: string; status?: string; limit?: string; cursor?: string; json?: boolean }, cmd: Command) => {
      const q = new URLSearchParams();
      for (const k of ['target', 'type', 'status', 'limit', 'cursor'] as const) if (o[k]) q.set(k, o[k]!);
      const { body } = await clientFor(cmd).json<{ events: EventJson[]; next?: string | null }>('GET', `/api/events${q.size ? `?${q}` : ''}`);
      if (o.json) return printJson(body);
      out(table(body.events.map((e) => [e.id, e.detectedAt, e.status, e.type, e.target, e.postId, `${Math.round(e.confidence * 100)}%`, linkText(e)]), ['ID', 'DETECTED', 'STATUS', 'TYPE', 'TARGET', 'POST', 'CONF', 'CONSISTENT WITH']));
      if (body.next) out(`more: vigil events --cursor ${body.next}${['target', 'type', 'status', 'limit'].map((k) => (o[k as 'target'] ? ` --${k} ${o[k as 'target']}` : '')).join('')}`);
    });
}

/** A takedown after an attack: "attack <id> +<lag>", read as "consistent with" (never a cause). */
function linkText(e: EventJson): string {
  const l = 'consistentWith' in e ? (e.consistentWith as { attackEventId?: unknown; lagSeconds?: unknown }) : undefined;
  if (!l || typeof l.attackEventId !== 'string') return '';
  const lag = typeof l.lagSeconds === 'number' ? ` +${Math.round(l.lagSeconds / 360) / 10}h` : '';
  return `attack ${l.attackEventId}${lag}`;
}
