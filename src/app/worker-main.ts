// A standalone worker process: `tsx src/app/worker-main.ts` with the settings as JSON in
// VIGIL_SETTINGS_JSON (tests, benchmarks, scaled-out workers). SIGTERM drains, then exits.
import pino from 'pino';
import { SettingsSchema } from '../config/schema.js';
import { startApp, stopOnSignals, type Role } from './start.js';
import type { WorkerTuning } from '../workers/runtime.js';

async function main(): Promise<void> {
  const raw = process.env.VIGIL_SETTINGS_JSON ?? '{}';
  const settings = SettingsSchema.parse(JSON.parse(raw));
  const roles = (process.env.VIGIL_ROLES ?? 'worker').split(',') as Role[];
  const log = pino({ level: settings.logLevel });
  const workerTuning = JSON.parse(process.env.VIGIL_WORKER_TUNING ?? '{}') as WorkerTuning;
  const app = await startApp({ settings, log, roles, ledger: process.env.VIGIL_LEDGER !== '0', workerTuning });
  stopOnSignals(app, log);
  // Tell a parent process we are consuming jobs.
  process.send?.({ ready: true });
}

main().catch((err) => {
  pino().error({ err }, 'worker failed to start');
  process.exit(1);
});
