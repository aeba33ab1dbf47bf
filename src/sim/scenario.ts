// Scriptable scenarios (config/scenarios/*.yaml): channels with a generated history, then timed
// steps applied by wall clock (`at: 30s`) or by explicit advance() calls from tests.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { VigilError } from '../errors.js';
import type { Sim } from './sim.js';
import { PostSpec, TimedStep } from './steps.js';
import { postText, hashSeed, rng } from './text.js';
import type { SimMedia } from './telegram/model.js';

const History = z.object({
  count: z.number().int().nonnegative().default(10),
  /** First generated post is this many days before scenario start; posts are evenly spaced up to now. */
  days: z.number().positive().default(30),
  lang: z.enum(['ru', 'en']).default('ru'),
  /** Every Nth post carries a photo / video / album / is a forward. 0 = never. */
  photoEvery: z.number().int().nonnegative().default(4),
  videoEvery: z.number().int().nonnegative().default(9),
  albumEvery: z.number().int().nonnegative().default(13),
  forwardEvery: z.number().int().nonnegative().default(11),
  /** Start with the "Channel created" service message. */
  created: z.boolean().default(true),
});

export const ChannelDef = z.object({
  username: z.string().regex(/^[A-Za-z0-9_]{4,32}$/),
  title: z.string().min(1),
  description: z.string().default(''),
  subscribers: z.number().int().nonnegative().default(1000),
  verified: z.boolean().default(false),
  channelId: z.number().int().positive().optional(),
  history: History.default({}),
  /** Extra hand-written posts appended after the generated history. */
  posts: z.array(PostSpec).default([]),
});
export type ChannelDef = z.input<typeof ChannelDef>;

export const ScenarioDef = z.object({
  name: z.string().default('scenario'),
  description: z.string().optional(),
  channels: z.array(ChannelDef).default([]),
  steps: z.array(TimedStep).default([]),
});
export type ScenarioDef = z.input<typeof ScenarioDef>;
type Parsed = z.output<typeof ScenarioDef>;

export function parseScenario(input: unknown, source = 'scenario'): Parsed {
  const r = ScenarioDef.safeParse(input);
  if (r.success) return r.data;
  const list = r.error.issues.map((i) => `${source}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new VigilError('VGL_CONFIG_INVALID', list, { details: { issues: r.error.issues } });
}

/** Read + validate a YAML scenario; returns the raw definition (createScenarioRunner parses it once). */
export async function loadScenarioFile(path: string): Promise<ScenarioDef> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new VigilError('VGL_CONFIG_INVALID', `scenario: cannot read ${path}; pass an existing YAML file`, { cause });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) as unknown;
  } catch (cause) {
    // A YAML syntax error is a bad scenario like any other: say where, in the file's own terms.
    const first = String((cause as Error).message).split('\n')[0];
    throw new VigilError('VGL_CONFIG_INVALID', `scenario: ${path} is not valid YAML (${first}); fix the file`, { cause });
  }
  parseScenario(raw, path);
  return raw as ScenarioDef;
}

/** Populate the world with the scenario's channels and their back-catalogue (dated in the past). */
export function seedChannels(sim: Sim, sc: Parsed): void {
  const nowS = Math.floor(sim.now() / 1000);
  let media = 0;
  for (const def of sc.channels) {
    const c = sim.world.addChannel({
      username: def.username,
      title: def.title,
      description: def.description,
      subscribers: def.subscribers,
      verified: def.verified,
      ...(def.channelId ? { channelId: def.channelId } : {}),
    });
    const h = def.history;
    const r = rng(hashSeed(def.username));
    const span = h.days * 86400;
    const total = h.count + (h.created ? 1 : 0);
    const dateOf = (i: number): number => nowS - span + Math.floor((span * i) / Math.max(1, total)) - 60;
    if (h.created) sim.world.addPost(def.username, { text: 'Channel created', service: true, date: dateOf(0) });
    for (let i = 1; i <= h.count; i++) {
      const every = (n: number): boolean => n > 0 && i % n === 0;
      const m = (kind: 'photo' | 'video'): SimMedia => ({ kind, id: `m${c.channelId}-h${++media}`, width: 800, height: kind === 'photo' ? 600 : 450, ...(kind === 'video' ? { duration: 5 + (i % 50) } : {}) });
      const album = every(h.albumEvery);
      const mediaList = album ? [m('photo'), m('photo'), m('video')] : every(h.videoEvery) ? [m('video')] : every(h.photoEvery) ? [m('photo')] : [];
      sim.world.addPost(def.username, {
        text: postText(hashSeed(`${def.username}/${i}`), h.lang),
        date: dateOf(i + (h.created ? 1 : 0) - 1) + 30,
        views: Math.floor(def.subscribers * (0.2 + r() * 0.6)),
        media: mediaList,
        ...(album ? { grouped: true } : {}),
        ...(every(h.forwardEvery) ? { forwardedFrom: { name: 'Правозащитный центр', url: 'https://t.me/hr_center_sim/17' } } : {}),
      });
    }
    for (const p of def.posts) sim.apply({ type: 'post', channel: def.username, ...p });
  }
}

export interface ScenarioRunner {
  readonly scenario: Parsed;
  /** Virtual offset reached (ms since start). */
  readonly offsetMs: number;
  /** Steps not applied yet. */
  pending(): number;
  /** Move the offset forward by `ms` (or to the next step when omitted) and apply due steps; returns how many ran. */
  advance(ms?: number): number;
  runAll(): number;
  /** Follow the wall clock from now on: steps fire at start + at. */
  start(): void;
  stop(): void;
}

export function createScenarioRunner(sim: Sim, input: ScenarioDef, opts: { seed?: boolean; tickMs?: number } = {}): ScenarioRunner {
  const scenario = parseScenario(input);
  if (opts.seed !== false) seedChannels(sim, scenario);
  const steps = [...scenario.steps].sort((a, b) => a.at - b.at);
  let next = 0;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;

  const runDue = (): number => {
    let n = 0;
    while (next < steps.length && steps[next]!.at <= offset) {
      const { at: _at, note: _note, ...step } = steps[next++]!;
      sim.apply(step);
      n++;
    }
    return n;
  };

  return {
    scenario,
    get offsetMs() {
      return offset;
    },
    pending: () => steps.length - next,
    advance(ms?: number) {
      offset = ms === undefined ? Math.max(offset, steps[next]?.at ?? offset) : offset + ms;
      return runDue();
    },
    runAll() {
      offset = Math.max(offset, steps[steps.length - 1]?.at ?? 0);
      return runDue();
    },
    start() {
      if (timer) return;
      const t0 = Date.now() - offset;
      timer = setInterval(() => {
        offset = Date.now() - t0;
        runDue();
        if (next >= steps.length && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      }, opts.tickMs ?? 250);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
