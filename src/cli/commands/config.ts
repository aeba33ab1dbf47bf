// vigil config check: the effective config with secrets masked, or every validation error.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { settingsFor } from '../context.js';
import { out } from '../output.js';

const SECRET_KEY = /secret|token|password|accessKeyId/i;

/** Mask secret values and credentials embedded in URLs (postgres://user:pass@…). */
export function maskSecrets(v: unknown, key = ''): unknown {
  if (typeof v === 'string') {
    if (SECRET_KEY.test(key)) return v ? '***' : v;
    return v.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/\s]+)@/i, '$1***@');
  }
  if (Array.isArray(v)) return v.map((x) => maskSecrets(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecrets(x, k)]));
  return v;
}

export function registerConfig(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the config (default.yaml < --config FILE < VIGIL_* env) and print it, secrets masked')
    .option('--config <file>', 'config file')
    .action(async (_o: unknown, cmd: Command) => {
      const settings = settingsFor(cmd); // throws VGL_CONFIG_INVALID listing every problem
      out('# effective Vigil configuration (secrets masked)');
      out(stringify(maskSecrets(settings)));
    });
}
