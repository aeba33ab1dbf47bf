// Test helper: a simulated t.me on 127.0.0.1 with a scenario. Steps advance only when the test
// calls sim.advance()/runAll() (or pass clock: true for wall-clock timing).
import { runSim, type ScenarioDef, type Sim, type ScenarioRunner, type SimServer } from '../../src/sim/index.js';
import type { Step, FaultSpec } from '../../src/sim/index.js';

export interface StartedSim {
  /** Base URL to use as the Telegram scraper's baseUrl, e.g. http://127.0.0.1:41234 */
  url: string;
  sim: Sim & {
    runner: ScenarioRunner;
    server: SimServer;
    /** Apply the next timed step(s), or everything due within `ms`. */
    advance(ms?: number): number;
    runAll(): number;
    step(s: Step): void;
    fault(f: FaultSpec): void;
  };
  close(): Promise<void>;
}

export async function startSim(opts: { scenario?: ScenarioDef | string; clock?: boolean; bigMediaBytes?: number; hangMs?: number } = {}): Promise<StartedSim> {
  const run = await runSim(opts);
  const sim = Object.assign(run.sim, {
    runner: run.runner,
    server: run.server,
    advance: (ms?: number) => run.runner.advance(ms),
    runAll: () => run.runner.runAll(),
    step: (s: Step) => run.sim.apply(s),
    fault: (f: FaultSpec) => void run.sim.faults.add(f),
  });
  return { url: run.url, sim, close: run.close };
}
