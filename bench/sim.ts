// Simulator throughput: pages/s served for t.me/s listings across many channels (cached renders),
// over real HTTP with keep-alive. Prints one JSON line.
import { Agent, request } from 'undici';
import { benchScenario, runSim } from '../src/sim/index.js';

const CHANNELS = Number(process.env.SIM_BENCH_CHANNELS ?? 200);
const REQUESTS = Number(process.env.SIM_BENCH_REQUESTS ?? 5000);
const CONCURRENCY = 16;

const run = await runSim({ scenario: benchScenario(CHANNELS) });
const agent = new Agent({ connections: CONCURRENCY });
let i = 0;
let bytes = 0;
const worker = async (): Promise<void> => {
  while (i < REQUESTS) {
    const n = i++;
    const r = await request(`${run.url}/s/bench_ch_${String(n % CHANNELS).padStart(5, '0')}${n % 3 === 0 ? '?before=10' : ''}`, { dispatcher: agent });
    bytes += (await r.body.arrayBuffer()).byteLength;
  }
};
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const secs = (performance.now() - t0) / 1000;
await agent.close();
await run.close();
process.stdout.write(
  `${JSON.stringify({ bench: 'sim', channels: CHANNELS, requests: REQUESTS, pages_per_s: Math.round(REQUESTS / secs), avg_page_kb: Math.round(bytes / REQUESTS / 1024) })}\n`,
);
