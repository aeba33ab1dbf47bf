// Detection accuracy as a figure: a generated world (src/sim/generate.ts: `--seed`, `--targets`)
// on the simulated X, polled through the real workers, scored against its ground truth. Prints one
// JSON line last: {"types":{"<event type>":{"precision","recall","p50_s","p95_s"},…},
// "false_takedowns_under_faults":N,"seed":N}. `--print-world` prints the generated world instead.
// DETECTION_BENCH_UNIT_MS: the poll interval = confirmation span (default 4000); probes every 2 polls.
// Attack stories are drawn over X, Telegram, VK and YouTube (replies / discussion / wall / video
// comments), and Instagram and Facebook (comments, read with the sessions the runner configures:
// SESSION_WORLD_PLATFORMS); full worlds add YouTube/VK search bans, reach drops on
// Telegram/YouTube/VK and Telegram/VK renames.
import { parseArgs } from 'node:util';
import { generateWorld, SESSION_WORLD_PLATFORMS, WORLD_PLATFORMS } from '../src/sim/generate.js';
import { runDetectionWorld } from '../test/helpers/detectionWorld.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, targets: { type: 'string', default: '12' }, 'print-world': { type: 'boolean', default: false } }, strict: true });
const seed = Number(values.seed);
const targets = Number(values.targets);
if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(targets) || targets < 1 || targets > 500) {
  process.stderr.write('usage: npm run bench -- detection [--seed N (integer >= 0)] [--targets N (1..500)] [--print-world]\n');
  process.exit(2);
}
const unitMs = Number(process.env.DETECTION_BENCH_UNIT_MS ?? 4000);
const platforms = [...WORLD_PLATFORMS, ...SESSION_WORLD_PLATFORMS];
if (values['print-world']) {
  process.stdout.write(`${JSON.stringify(generateWorld({ seed, targets, unitMs, platforms }), null, 2)}\n`);
  process.exit(0);
}
const r = await runDetectionWorld({ seed, targets, unitMs, platforms, probeEveryMs: 2 * unitMs, log: (m) => process.stderr.write(`${m}\n`) });
// What was missed or found without a truth, for reading the figures (stderr; the figures are stdout's last line).
for (const t of r.missed) process.stderr.write(`missed ${t.type} ${t.handle} at ${(t.start / 1000).toFixed(1)}s\n`);
for (const d of r.extra) process.stderr.write(`unmatched ${d.type} ${d.handle} detected at ${((d.detectedAt - r.t0) / 1000).toFixed(1)}s\n`);
const { figures } = r;
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
