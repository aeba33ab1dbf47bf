// The demo's bot-farm attack (issue 10), played on the simulated Telegram like the press office's
// scenario: shortly after the regional activist posts that it is being mass-reported, a farm of
// accounts made in one batch (name+digits handles, no avatars) floods that post's comments within
// seconds with near-duplicate calls to report the channel, two of them impersonating it; 24 s
// later the scenario's `block` step blocks the channel. A takedown confirmed after it is
// "consistent with" the attack (the demo prints the link). Earlier, an outlet's post draws a
// benign surge of real, diverse comments over half a minute, which must not fire.
import type { Sim } from '../sim/index.js';

export const ATTACKED = 'gomel_activist_sim';
const SURGE = 'free_news_sim';

/** When the farm strikes (ms after start): after the activist's post (100 s), before the block (130 s). */
export const ATTACK_AT_MS = 106_000;

// Generated handles: a first name and digits, all made the same day (what the farm traits read).
const FARM = ['olga', 'ivan', 'maria', 'sergey', 'anna', 'pavel', 'elena', 'dmitry', 'nurlan', 'aida', 'alexey', 'dana'].map((n, i) => `${n}${48213 + i * 7919}`);
const IMPERSONATORS = [`${ATTACKED}_official`, 'gomel_activ1st_sim'];
const FARM_TEXTS = [
  'Этот канал распространяет фейки, жалуйтесь все!',
  'Этот канал распространяет фейки, жалуйтесь все!!',
  'Этот канал распространяет фейки — жалуйтесь все',
  'этот канал распространяет фейки, жалуйтесь все срочно',
];
const SURGE_COMMENTS: Array<[string, string, string]> = [
  ['Анна Петрова', 'anna_petrova', 'Спасибо, что продолжаете писать о суде.'],
  ['Dmitry K.', 'dkuznetsov', 'Был на заседании, всё так и было. Держитесь.'],
  ['Елена', 'elena_volkova', 'Поделилась с родителями, они не знали.'],
  ['Mike Brown', 'mikebrown', 'Solidarity from Vilnius.'],
  ['Сергей Орлов', 'sorlov', 'А когда апелляция? Хочу прийти поддержать.'],
  ['Aida S.', 'aida_seitkali', 'Важно, что об этом говорят открыто.'],
];

export interface DemoAttack {
  /** The attack, as ground truth, once it has happened. */
  truth(): Array<{ type: string; channel: string; at: string }>;
  stop(): void;
}

/** `expectAttack`: the attack detector is configured, so attack_suspected is ground truth to find. */
export function playDemoAttack(sim: Sim, expectAttack: boolean): DemoAttack {
  const truth: Array<{ type: string; channel: string; at: string }> = [];
  const newest = (channel: string): number | undefined => sim.world.get(channel)?.posts.filter((p) => !p.service).at(-1)?.num;
  const comment = (channel: string, author: string, username: string, text: string, avatar: boolean) => {
    const num = newest(channel);
    if (num !== undefined) sim.apply({ type: 'comment', channel, num, author, username, avatar, text });
  };
  const timers = [
    ...SURGE_COMMENTS.map(([name, user, text], i) => setTimeout(() => comment(SURGE, name, user, text, true), 22_000 + i * 5_000)),
    setTimeout(() => {
      IMPERSONATORS.forEach((u) => comment(ATTACKED, 'Гомель. Гражданская инициатива', u, 'Это настоящий канал, тот — фейк. Жалуйтесь на него!', true));
      FARM.forEach((u, i) => comment(ATTACKED, u, u, FARM_TEXTS[i % FARM_TEXTS.length]!, false));
      if (expectAttack) truth.push({ type: 'attack_suspected', channel: ATTACKED, at: new Date(sim.now()).toISOString() });
    }, ATTACK_AT_MS),
  ];
  return { truth: () => [...truth], stop: () => timers.forEach(clearTimeout) };
}
