// Public API of the platform simulator (Telegram t.me web preview).
import type { Logger } from 'pino';
import { createSim, type Sim } from './sim.js';
import { createScenarioRunner, loadScenarioFile, type ScenarioDef, type ScenarioRunner } from './scenario.js';
import { startSimServer, type SimServer } from './server.js';

export { createSim, type Sim, type TruthEvent, type TruthType } from './sim.js';
export { startSimServer, type SimServer, type SimServerDeps } from './server.js';
export { FaultBook, FaultSpec, FAULT_KINDS, type FaultKind, type Fault } from './faults.js';
export { Step, TimedStep, toMs, type ParsedStep } from './steps.js';
export { parseScenario, loadScenarioFile, seedChannels, createScenarioRunner, ScenarioDef, ChannelDef, type ScenarioRunner } from './scenario.js';
export { benchScenario } from './bench-scenario.js';
export { SimWorld, createWorld, TOS_BLOCK_TEXT, GEO_BLOCK_TEXT, type SimChannel, type SimPost, type SimMedia, type ChannelState } from './telegram/model.js';
export {
  renderChannelPage,
  renderLanding,
  renderEmbed,
  renderBlocked,
  renderNoPosts,
  renderGarbage,
  pagePosts,
  PAGE_SIZE,
  type RenderCtx,
  type ChannelPageOpts,
} from './telegram/render.js';
export { BIG_MEDIA_ID } from './telegram/media.js';
export { startPressSite, type PressSite, type PressControl } from './press/index.js';
export { startVkSim, createVkSim, VK_SESSION_COOKIE, VK_TEXT, type VkSim, type VkSimServer } from './vk/index.js';
export { startXSim, type XSim, type XSimOpts } from './x/index.js';
export { startVantageProxy, type VantageProxy } from './vantage-proxy.js';

/**
 * Which simulator serves each platform of src/scrapers/registry.ts (a meta-test keeps the two in
 * step: a new platform needs its sim route). Values are the folders under src/sim.
 */
export const SIMULATED_PLATFORMS = {
  telegram: 'telegram',
  youtube: 'youtube',
  x: 'x',
  rss: 'press',
  web: 'press',
  vk: 'vk',
  instagram: 'instagram',
  facebook: 'facebook',
} as const;

export interface RunningSim {
  url: string;
  sim: Sim;
  runner: ScenarioRunner;
  server: SimServer;
  close(): Promise<void>;
}

/**
 * Build a world from a scenario (object or YAML path), serve it on 127.0.0.1 (or `host`), and (with
 * `clock: true`) let steps fire by wall clock. Used by the demo, tests and benchmarks.
 */
export async function runSim(opts: { scenario?: ScenarioDef | string; clock?: boolean; port?: number; host?: string; log?: Logger; bigMediaBytes?: number; hangMs?: number } = {}): Promise<RunningSim> {
  const sim = createSim();
  const def = typeof opts.scenario === 'string' ? await loadScenarioFile(opts.scenario) : (opts.scenario ?? { channels: [], steps: [] });
  const runner = createScenarioRunner(sim, def);
  const server = await startSimServer({
    sim,
    runner,
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.bigMediaBytes !== undefined ? { bigMediaBytes: opts.bigMediaBytes } : {}),
    ...(opts.hangMs !== undefined ? { hangMs: opts.hangMs } : {}),
  });
  if (opts.clock) runner.start();
  return {
    url: server.url,
    sim,
    runner,
    server,
    close: async () => {
      runner.stop();
      await server.close();
    },
  };
}
