// vigil targets list|add|rm
import type { Command } from 'commander';
import type { TargetJson } from '../../api/shapes.js';
import { specExamples } from '../../scrapers/registry.js';
import { clientFor } from '../context.js';
import { out, printJson, table } from '../output.js';

export function registerTargets(program: Command): void {
  const targets = program.command('targets').description('list, add and remove watched accounts');

  targets
    .command('list')
    .description('list targets with their current state')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      // Every page: a list that stops at the first page would quietly hide targets.
      const client = clientFor(cmd);
      const all: TargetJson[] = [];
      let cursor: string | null = null;
      do {
        const { body: page }: { body: { targets: TargetJson[]; next?: string | null } } = await client.json('GET', `/api/targets?limit=5000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        all.push(...page.targets);
        cursor = page.next ?? null;
      } while (cursor);
      const body = { targets: all, next: null };
      if (o.json) return printJson(body);
      out(table(body.targets.map((t) => [t.id, t.spec, t.state, t.postCount, t.lastObservedAt, t.tags.join(',')]), ['ID', 'SPEC', 'STATE', 'POSTS', 'LAST OBSERVED', 'TAGS']));
    });

  targets
    .command('add <spec>')
    .description(`watch an account, e.g. ${specExamples().join(' or ')}`)
    .option('--every <duration>', 'poll interval, e.g. 5m')
    .option('--id <id>', 'target id (default: derived from the spec)')
    .option('--tags <a,b>', 'comma-separated tags')
    .option('--vantage <id>', 'poll only from this network.vantages id (repeat for several; default: all, in rotation)', (v: string, acc: string[] = []) => [...acc, ...v.split(',').map((x) => x.trim()).filter(Boolean)])
    .option('--json', 'print JSON')
    .action(async (spec: string, o: { every?: string; id?: string; tags?: string; vantage?: string[]; json?: boolean }, cmd: Command) => {
      const tags = o.tags ? o.tags.split(',').map((t) => t.trim()).filter(Boolean) : undefined;
      const { body } = await clientFor(cmd).json<{ target: TargetJson }>('POST', '/api/targets', { spec, every: o.every, id: o.id, tags, vantages: o.vantage });
      if (o.json) return printJson(body);
      out(`added ${body.target.id} (${body.target.spec})`);
    });

  targets
    .command('rm <id>')
    .description('stop watching a target (its evidence stays in the archive)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await clientFor(cmd).json('DELETE', `/api/targets/${encodeURIComponent(id)}`);
      out(`removed ${id}`);
    });
}
