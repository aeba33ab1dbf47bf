// The demo's shadow-ban (issue 10), on the simulated X: an exiled journalist's account, polled from
// two vantage points on loopback (forward proxies in "DE" and "KZ", src/sim/vantage-proxy.ts),
// draws a bot farm's replies (batch-made accounts, name+digits handles, near-duplicate calls to
// report it, one impersonator), and is then quietly removed from search: its posts are still on
// its profile, but `from:` and exact-phrase searches find nothing. The shadow-ban probes see that
// through every vantage, confirm `shadowban_search` across two rounds, and the event is
// "consistent with" the attack (the demo prints the link under it).
import type { Settings } from '../config/schema.js';
import { botFarm } from '../sim/crowds.js';
import { startVantageProxy, type VantageProxy } from '../sim/vantage-proxy.js';
import { startXSim, type XSim } from '../sim/x/index.js';

/** The watched account (target id = handle; X handles are at most 15 characters). */
export const SHADOWED = 'minsk_voice_sim';
const BYSTANDER = 'city_desk_sim';

/** When the farm replies, and when search stops showing the account (ms after start). */
export const X_ATTACK_AT_MS = 45_000;
export const X_SHADOW_AT_MS = 80_000;

const H = 3_600_000;
const POSTS = [
  'Суд над журналистами перенесли на следующую неделю. Следим за делом.',
  'Письма политзаключённым: новые адреса колоний и правила передач.',
  'Задержания после акции солидарности: что известно к вечеру.',
  'Репортаж из зала суда: показания свидетелей защиты.',
  'Мы продолжаем работу из эмиграции. Спасибо, что читаете.',
  'Как безопасно передать нам информацию: инструкция.',
];

export interface DemoX {
  sim: XSim;
  vantages: { id: string; country: string; proxy: VantageProxy }[];
  /** The demo's target for this account. */
  target: { id: string; spec: string; every: number; tags: string[]; vantages: string[] };
  /** Ground truth once it happened. */
  truth(): Array<{ type: string; channel: string; at: string }>;
  /** Settings for the demo: the sim's URL, replies read, two proxied vantages, probes often enough. */
  apply(s: Settings): Settings;
  stop(): Promise<void>;
}

export async function startDemoX(host: string, everyMs: number): Promise<DemoX> {
  let simNow: number | undefined;
  const sim = await startXSim({ host, guestTimelines: true, now: () => new Date(simNow ?? Date.now()) });
  const backdate = (ms: number, f: () => void) => {
    simNow = ms;
    try {
      f();
    } finally {
      simNow = undefined;
    }
  };
  // Two vantage points, as two proxy boxes in two countries would be (127/8 is all loopback).
  const next = host.split('.').map(Number);
  const addr = (k: number) => [...next.slice(0, 3), next[3]! + k].join('.');
  const de = await startVantageProxy({ country: 'DE', host: addr(1) });
  const kz = await startVantageProxy({ country: 'KZ', host: addr(2) });
  const vantages = [
    { id: 'demo-de', country: 'DE', proxy: de },
    { id: 'demo-kz', country: 'KZ', proxy: kz },
  ];
  // History hours old (older than the search index lag, so search is expected to find it).
  const now = Date.now();
  sim.world.addUser({ handle: BYSTANDER, name: 'City Desk (sim)', followers: 5400 });
  const u = sim.world.addUser({ handle: SHADOWED, name: 'Minsk Voice (sim)', bio: 'Independent journalist in exile (simulated).', followers: 12_800 });
  POSTS.forEach((text, i) => backdate(now - (POSTS.length + 2 - i) * H, () => sim.world.post(SHADOWED, { text })));

  const truth: Array<{ type: string; channel: string; at: string }> = [];
  const timers = [
    setTimeout(() => {
      const newest = u.posts.filter((p) => !p.deleted && !p.inReplyTo).at(-1);
      if (!newest) return;
      const start = Date.now() - 8_000;
      sim.world.replyCrowd(SHADOWED, newest.id, start, botFarm(start, { seed: 1312, count: 18, target: { handle: SHADOWED, title: 'Minsk Voice (sim)' }, lang: 'ru', lookalikes: 1 }));
      truth.push({ type: 'attack_suspected', channel: SHADOWED, at: new Date().toISOString() });
    }, X_ATTACK_AT_MS),
    setTimeout(() => {
      sim.world.setShadow(SHADOWED, { search: true });
      truth.push({ type: 'shadowban_search', channel: SHADOWED, at: new Date().toISOString() });
    }, X_SHADOW_AT_MS),
  ];

  return {
    sim,
    vantages,
    target: { id: SHADOWED, spec: `x:${SHADOWED}`, every: everyMs, tags: ['demo', 'journalist'], vantages: vantages.map((v) => v.id) },
    truth: () => [...truth],
    apply: (s) => ({
      ...s,
      network: {
        ...s.network,
        // The other demo targets keep polling directly (their own `vantages`); this account is
        // polled, and every shadow-ban probe runs, through each configured vantage.
        vantages: [...s.network.vantages.filter((v) => !vantages.some((d) => d.id === v.id)), ...vantages.map((v) => ({ id: v.id, country: v.country, proxy: v.proxy.url }))],
      },
      platforms: { ...s.platforms, x: { ...s.platforms.x, baseUrl: sim.url, interactionsPerPoll: Math.max(2, s.platforms.x.interactionsPerPoll) } },
      detection: {
        ...s.detection,
        // Probes every other poll (6 h by default): the shadow-ban starts a minute into the demo.
        probes: { ...s.detection.probes, every: Math.min(s.detection.probes.every, 2 * everyMs) },
      },
    }),
    stop: async () => {
      timers.forEach(clearTimeout);
      await Promise.all([sim.close(), de.close(), kz.close()]);
    },
  };
}
