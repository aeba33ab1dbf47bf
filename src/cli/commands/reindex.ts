// vigil reindex — rebuild the catalog from the bucket (the catalog is derived; the bucket is the
// record). Run it with Vigil stopped when the catalog is the embedded one.
// The catalog and archive code load when the command runs, not with the CLI.
import type { Command } from 'commander';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { openBucket } from '../bucket-access.js';
import { out, printJson } from '../output.js';

export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the catalog (targets, posts, events, captures) from the bucket')
    .option('--json', 'machine-readable summary')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const settings = settingsFor(cmd);
      const [{ createCatalog, reindex }, { createArchive }] = await Promise.all([import('../../catalog/index.js'), import('../../archive/archive.js')]);
      const log = createLogger({ level: 'warn', destination: process.stderr });
      const catalog = await createCatalog(settings, log);
      const bucket = await openBucket(settings, log);
      try {
        await catalog.migrate();
        const stats = await reindex(createArchive({ store: bucket.store, log }), catalog, log);
        if (o.json) printJson(stats);
        else out(`reindexed: ${stats.targets} targets, ${stats.observations} observations, ${stats.events} events, ${stats.captures} captures, ${stats.skipped} skipped`);
      } finally {
        await bucket.close();
        await catalog.close();
      }
    });
}
