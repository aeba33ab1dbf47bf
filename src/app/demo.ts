// `vigil demo`: the simulator on 127.0.0.1 playing config/scenarios/demo.yaml by wall clock, and
// settings pointing Vigil at it (private network allowed, its channels as targets, short spans).
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { RunningSim } from '../sim/index.js';

export interface Demo {
  settings: Settings;
  sim: RunningSim;
  /** Offset of the scenario's last step (ms after start). */
  scenarioMs: number;
  /** How often each demo target is polled. */
  everyMs: number;
  stop(): Promise<void>;
}

export const DEMO_SCENARIO = new URL('../../config/scenarios/demo.yaml', import.meta.url).pathname;

export async function startDemo(settings: Settings, log: Logger, scenario: string = DEMO_SCENARIO): Promise<Demo> {
  const { runSim } = await import('../sim/index.js');
  const sim = await runSim({ scenario, clock: true, log: log.child({ component: 'sim' }) });
  const everyMs = 15_000;
  const targets = settings.targets.length
    ? settings.targets
    : sim.sim.world.channels().map((c) => ({ id: c.username, spec: `telegram:${c.username}`, every: everyMs, tags: ['demo'] }));
  const scenarioMs = Math.max(0, ...sim.runner.scenario.steps.map((s) => s.at));
  log.info({ url: sim.url, targets: targets.length, scenarioMs }, 'demo simulator started');
  return {
    settings: {
      ...settings,
      network: { ...settings.network, allowPrivate: true },
      // The compromised channel loses posts three pages back: re-scan deep enough to see it.
      platforms: { ...settings.platforms, telegram: { ...settings.platforms.telegram, baseUrl: sim.url, rescanPages: Math.max(settings.platforms.telegram.rescanPages, 4) } },
      detection: { confirm: { ...settings.detection.confirm, minSpan: Math.min(settings.detection.confirm.minSpan, 20_000) } },
      scheduler: { ...settings.scheduler, jitter: Math.min(settings.scheduler.jitter, 2000) },
      targets,
    },
    sim,
    scenarioMs,
    everyMs,
    stop: () => sim.close(),
  };
}
