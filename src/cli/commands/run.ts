// vigil run: start the server side (src/app/start.ts, composed by the app engineer).
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Settings } from '../../config/schema.js';
import { VigilError } from '../../errors.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { out } from '../output.js';

export const ROLES = ['worker', 'scheduler', 'web'] as const;
type Role = (typeof ROLES)[number];

interface AppModule {
  startApp(o: { settings: Readonly<Settings>; log: Logger; roles: Role[] }): Promise<{ apiUrl?: string; stop(): Promise<void> }>;
}

/** Imported lazily: the CLI client commands must not load Redis/S3/Chromium code. */
async function loadApp(): Promise<AppModule> {
  const spec = '../../app/start.js';
  try {
    return (await import(spec)) as AppModule;
  } catch (e) {
    throw new VigilError('VGL_SERVICE_START_FAILED', `cannot load the app composition (src/app/start.ts): ${(e as Error).message}`, { cause: e });
  }
}

async function runUntilSignal(settings: Readonly<Settings>, roles: Role[]): Promise<void> {
  // Logs (pino JSON) go to stderr; stdout carries only what a person or a script waits for.
  const log = createLogger({ level: settings.logLevel, destination: process.stderr });
  const app = await (await loadApp()).startApp({ settings, log, roles });
  out(app.apiUrl ? `vigil: ready, web UI and API at ${app.apiUrl}` : `vigil: ready (roles: ${roles.join(', ')})`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    // Persistent handlers: a process-group SIGTERM may arrive twice (directly and forwarded by
    // bin/vigil.js); a repeat must not fall through to Node's default (exit without draining).
    const stop = (sig: string) => {
      if (stopping) return void log.info({ signal: sig }, 'already stopping: draining in-flight jobs');
      stopping = true;
      log.info({ signal: sig }, 'stopping');
      app.stop().then(resolve, (err: unknown) => {
        log.error({ err }, 'stop failed');
        resolve();
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run Vigil (all roles by default)')
    .option('--role <role...>', `only these roles: ${ROLES.join(', ')}`)
    .action(async (o: { role?: string[] }, cmd: Command) => {
      const roles = (o.role ?? [...ROLES]) as Role[];
      const bad = roles.filter((r) => !ROLES.includes(r));
      if (bad.length) throw new VigilError('VGL_CONFIG_INVALID', `--role: unknown role(s) ${bad.join(', ')} (known: ${ROLES.join(', ')})`);
      await runUntilSignal(settingsFor(cmd), roles);
    });

}
