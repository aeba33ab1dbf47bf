// vigil webhooks list | test [--id] | dead-letters [--webhook] | retry <delivery>
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import type { DeadLetter, TestResult, WebhookInfo } from '../../workers/webhooks.js';
import { clientFor } from '../context.js';
import { out, printJson, table } from '../output.js';

export function registerWebhooks(program: Command): void {
  const wh = program.command('webhooks').description('webhooks for confirmed events (alerts.webhooks in the config)');

  wh.command('list')
    .description('the configured webhooks (URL origins only, never secrets)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const { body } = await clientFor(cmd).json<{ webhooks: WebhookInfo[] }>('GET', '/api/webhooks');
      if (o.json) return printJson(body);
      const all = (v: string[] | null) => (v ? v.join(',') : 'all');
      out(table(body.webhooks.map((h) => [h.id, h.origin, all(h.types), all(h.targets), all(h.tags), h.secret]), ['ID', 'ORIGIN', 'TYPES', 'TARGETS', 'TAGS', 'SECRET']));
    });

  wh.command('test')
    .description('send a signed test delivery to every webhook (or one) now and print what each receiver answered')
    .option('--id <id>', 'only this webhook')
    .option('--json', 'print JSON')
    .action(async (o: { id?: string; json?: boolean }, cmd: Command) => {
      const { body } = await clientFor(cmd).json<{ ok: boolean; results: TestResult[] }>('POST', '/api/webhooks/test', o.id ? { id: o.id } : {});
      if (o.json) printJson(body);
      else out(table(body.results.map((r) => [r.id, r.ok ? 'delivered' : 'FAILED', r.status, r.ok ? '' : `${r.code}: ${r.message}`]), ['ID', 'RESULT', 'HTTP', 'ERROR']));
      if (!body.ok) throw new VigilError('VGL_WEBHOOK_FAILED', `${body.results.filter((r) => !r.ok).length} of ${body.results.length} webhook(s) did not accept the test delivery`);
    });

  wh.command('dead-letters')
    .description('deliveries that used every attempt (or could never succeed), newest first')
    .option('--webhook <id>', 'only this webhook')
    .option('--limit <n>', 'how many', '100')
    .option('--json', 'print JSON')
    .action(async (o: { webhook?: string; limit: string; json?: boolean }, cmd: Command) => {
      const q = new URLSearchParams({ limit: o.limit, ...(o.webhook ? { webhook: o.webhook } : {}) });
      const { body } = await clientFor(cmd).json<{ count: number; deadLetters: DeadLetter[] }>('GET', `/api/webhooks/dead-letters?${q}`);
      if (o.json) return printJson(body);
      out(table(body.deadLetters.map((d) => [d.delivery, d.failedAt, d.eventType, d.target, d.attempts, d.lastError]), ['DELIVERY', 'FAILED', 'TYPE', 'TARGET', 'TRIES', 'LAST ERROR']));
      out(`${body.count} dead letter(s)`);
    });

  wh.command('retry <delivery>')
    .description('queue a dead letter again with fresh attempts')
    .action(async (delivery: string, _o: unknown, cmd: Command) => {
      await clientFor(cmd).json('POST', `/api/webhooks/dead-letters/${encodeURIComponent(delivery)}/retry`);
      out(`queued ${delivery} again`);
    });
}
