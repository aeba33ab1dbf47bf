// `vigil demo`: the simulator on 127.0.0.2 playing config/scenarios/demo.yaml by wall clock, and
// settings pointing Vigil at it (exactly the simulator's address allowed, its channels as
// targets, short spans). 127.0.0.1, where the API and S3 live, stays out of the browser's reach.
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { PressSite, RunningSim } from '../sim/index.js';
import { playDemoAttack } from './demo-attack.js';
import { startDemoX } from './demo-x.js';

/** One thing that really happened in the simulated world, in the demo's comparison format. */
export interface DemoTruth {
  type: string;
  /** Demo target id (the Telegram username at the time, or the press office's id). */
  channel: string;
  postNum?: number;
  postId?: string;
  to?: string;
  at: string;
}

const PRESS_TARGET = 'interior_ministry_press';

/** Where the simulated platforms listen (Linux routes all of 127/8 to lo), the one address the demo opens. */
export const DEMO_SIM_HOST = '127.0.0.2';

/** network.allowPrivate for the demo: the operator's setting plus the simulator's address. */
export function demoAllowPrivate(current: Settings['network']['allowPrivate']): Settings['network']['allowPrivate'] {
  if (current === true) return true;
  return [...new Set([...(current === false ? [] : current), DEMO_SIM_HOST])];
}

export interface Demo {
  settings: Settings;
  sim: RunningSim;
  /** Offset of the scenario's last step (ms after start). */
  scenarioMs: number;
  /** How often each demo target is polled. */
  everyMs: number;
  press: PressSite;
  /** More simulated services to name in the terminal (label, URL). */
  services: { label: string; url: string }[];
  /** Ground truth of both simulated worlds (Telegram and the press office). */
  truth(): DemoTruth[];
  /** The longest a poll can take to see a truth event (for when the verdict is due). */
  detectLagMs(t: DemoTruth): number;
  stop(): Promise<void>;
}

/**
 * The ministry's press office publishes a statement about a protest and, a minute later, edits it
 * in place (the listing title stays the same; the earlier wording stays in the archive), then
 * removes an older statement (HTTP 410), as official statements are in the reports.
 */
function playPressScenario(press: PressSite): () => void {
  const [, , older] = press.control.items(); // newest first
  const slug = 'statement-on-the-march-in-the-centre';
  const text =
    'Сегодня в центре города сотрудники милиции задержали 14 участников несанкционированного мероприятия. ' +
    'Все задержанные доставлены в РУВД, в отношении них составлены протоколы по статье 24.23 КоАП.';
  const timers = [
    setTimeout(() => press.control.publish({ slug, title: 'О мероприятии в центре города', text, lang: 'ru' }), 20_000),
    setTimeout(() => press.control.edit(slug, { text: text.replace('задержали 14 участников', 'провели профилактические беседы с участниками').replace(', в отношении них составлены протоколы по статье 24.23 КоАП', ' и отпущены') }), 75_000),
    setTimeout(() => older && press.control.remove(older.slug, { status: 410 }), 110_000),
  ];
  return () => timers.forEach(clearTimeout);
}

export const DEMO_SCENARIO = new URL('../../config/scenarios/demo.yaml', import.meta.url).pathname;

export async function startDemo(settings: Settings, log: Logger, scenario: string = DEMO_SCENARIO): Promise<Demo> {
  const { runSim, startPressSite, PAGE_SIZE } = await import('../sim/index.js');
  const sim = await runSim({ scenario, clock: true, host: DEMO_SIM_HOST, log: log.child({ component: 'sim' }) });
  const press = await startPressSite({ host: DEMO_SIM_HOST });
  const stopPress = playPressScenario(press);
  // The attack detector's settings (detection.attack) say whether attack_suspected is ground truth
  // to find; without a detector the farm's comments are still archived as evidence.
  const attack = playDemoAttack(sim.sim, 'attack' in (settings.detection as object));
  const everyMs = 15_000;
  // An attacked X account that is then shadow-banned, seen from two vantages (demo-x.ts).
  const x = await startDemoX(DEMO_SIM_HOST, everyMs);
  // The operator's own vantages (the direct one by default) keep polling the other demo targets.
  const own = settings.network.vantages.map((v) => v.id);
  const targets = settings.targets.length
    ? settings.targets
    : [
        ...sim.sim.world.channels().map((c) => ({ id: c.username, spec: `telegram:${c.username}`, every: everyMs, tags: ['demo'], vantages: own })),
        { id: PRESS_TARGET, spec: `web:${press.url}/press/#sel=a.news-item__title`, every: everyMs, tags: ['demo', 'official'], vantages: own },
        x.target,
      ];
  const scenarioMs = Math.max(110_000, ...sim.runner.scenario.steps.map((s) => s.at));
  const truth = (): DemoTruth[] => [
    ...sim.sim.truth.map((t) => ({ type: t.type, channel: t.channel, at: t.at, ...(t.postNum !== undefined ? { postNum: t.postNum } : {}), ...(t.to ? { to: t.to } : {}) })),
    ...press.control.truth().map((t) => ({ type: t.type, channel: PRESS_TARGET, postId: `${press.url}/press/${t.item}`, at: t.at })),
    ...attack.truth(),
    ...(settings.targets.length ? [] : x.truth()),
  ];
  const jitter = Math.min(settings.scheduler.jitter, 2000);
  const tg = settings.platforms.telegram;
  // A poll interval (+ jitter); a Telegram deletion may sit in the part of the history that only
  // the sweep re-reads, which takes ceil(pages behind the window / sweepPagesPerPoll) more polls.
  const detectLagMs = (t: DemoTruth): number => {
    const poll = everyMs + jitter;
    // A shadow-ban is seen by the next probe round (every other poll).
    if (t.type.startsWith('shadowban_')) return 2 * poll;
    const ch = t.type === 'post_deleted' && t.channel !== PRESS_TARGET ? sim.sim.world.get(t.channel) : undefined;
    if (!ch) return poll;
    const behind = Math.max(0, Math.ceil(ch.posts.length / PAGE_SIZE) - 1 - tg.rescanPages);
    return poll * (1 + (tg.sweepPagesPerPoll > 0 ? Math.ceil(behind / tg.sweepPagesPerPoll) : 0));
  };
  log.info({ url: sim.url, targets: targets.length, scenarioMs }, 'demo simulator started');
  const withX = settings.targets.length ? settings : x.apply(settings);
  return {
    settings: {
      ...withX,
      network: { ...withX.network, allowPrivate: demoAllowPrivate(settings.network.allowPrivate) },
      // Re-scan and sweep stay on the defaults: the compromised channel's deletions three pages
      // back are found by the history sweep, as they would be in production.
      // Comments of the newest posts are read (the attack's evidence and its detector's input).
      platforms: { ...withX.platforms, telegram: { ...settings.platforms.telegram, baseUrl: sim.url, interactionsPerPoll: Math.max(2, settings.platforms.telegram.interactionsPerPoll) } },
      detection: { ...withX.detection, confirm: { ...settings.detection.confirm, minSpan: Math.min(settings.detection.confirm.minSpan, 20_000) } },
      scheduler: { ...settings.scheduler, jitter },
      // Simulated t.me pages keep the real markup, which loads telegram.org assets: a browser
      // capture of them must stay on this machine.
      capture: { ...settings.capture, blockHosts: [...new Set([...settings.capture.blockHosts, 'telegram.org', 't.me'])] },
      targets,
    },
    sim,
    scenarioMs,
    everyMs,
    press,
    services: [{ label: 'simulated X API (an attacked, then shadow-banned account)', url: x.sim.url }, ...x.vantages.map((v) => ({ label: `vantage ${v.id} (${v.country}, forward proxy)`, url: v.proxy.url }))],
    truth,
    detectLagMs,
    stop: async () => {
      stopPress();
      attack.stop();
      await x.stop();
      await press.close();
      await sim.close();
    },
  };
}
