// `vigil demo`: the simulator on 127.0.0.1 playing config/scenarios/demo.yaml by wall clock, and
// settings pointing Vigil at it (private network allowed, its channels as targets, short spans).
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';

export async function startDemo(settings: Settings, log: Logger): Promise<{ settings: Settings; stop(): Promise<void> }> {
  const { runSim } = await import('../sim/index.js');
  const scenario = new URL('../../config/scenarios/demo.yaml', import.meta.url).pathname;
  const sim = await runSim({ scenario, clock: true, log: log.child({ component: 'sim' }) });
  const targets = settings.targets.length
    ? settings.targets
    : sim.sim.world.channels().map((c) => ({ spec: `telegram:${c.username}`, every: 15_000, tags: ['demo'] }));
  log.info({ url: sim.url, targets: targets.length }, 'demo simulator started');
  return {
    settings: {
      ...settings,
      network: { ...settings.network, allowPrivate: true },
      platforms: { ...settings.platforms, telegram: { ...settings.platforms.telegram, baseUrl: sim.url } },
      detection: { confirm: { ...settings.detection.confirm, minSpan: Math.min(settings.detection.confirm.minSpan, 20_000) } },
      scheduler: { ...settings.scheduler, jitter: Math.min(settings.scheduler.jitter, 2000) },
      targets,
    },
    stop: () => sim.close(),
  };
}
