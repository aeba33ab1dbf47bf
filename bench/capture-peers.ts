// Capture peers: Vigil vs bare Playwright vs single-file-cli vs wget --warc-file on the same
// sim pages (127.0.0.1). Prints a markdown table of what each kept, then one JSON line.
// BENCH_PEER_RUNS sets the timed passes per tool (default 2).
import pino from 'pino';
import { SettingsSchema } from '../src/config/schema.js';
import { startCapturePagesServer } from '../src/sim/pages/index.js';
import { runCapturePeers } from './peers/run.js';

const log = pino({ level: 'warn' }, pino.destination(2));
const settings = SettingsSchema.parse({ capture: { concurrency: 1 }, network: { allowPrivate: true } });
const srv = await startCapturePagesServer();
try {
  await runCapturePeers({
    baseUrl: srv.url,
    settings,
    log,
    runs: Number(process.env.BENCH_PEER_RUNS ?? 2),
    write: (s) => process.stdout.write(s),
  });
} finally {
  await srv.close();
}
