// Scenario generator: ground-truth worlds from a seed, so detection figures are measured on worlds
// nobody tuned the rules to (`npm run bench -- detection --seed N --targets N`). Each target gets
// one story: attacks then takedowns, takedowns without attack, benign surges, shadow-bans that come
// and go, reach drops, transient faults (429, 5xx, timeouts, captchas, login walls / expired
// sessions, one-off "suspended"), geo-blocks, suspensions with restoration, deleted posts, or
// nothing. Times are in units of `unitMs` (the bench's poll interval) after the start. Pure.
import type { EventType } from '../detect/vocabulary.js';
import { rng } from './text.js';
import { addSearchBanWorlds, type SearchFault, type SearchProbePlatform } from './generate-probes.js';

export const STORIES = ['quiet', 'attack_then_takedown', 'takedown', 'benign_surge', 'shadowban_cycle', 'reach_drop', 'faults', 'geo_block', 'restoration', 'post_deletion'] as const;
export type Story = (typeof STORIES)[number];
export const WORLD_FAULTS = ['rate_limit', 'server_error', 'deadline', 'suspended_flap', 'login_wall', 'captcha'] as const;
export type WorldFault = (typeof WORLD_FAULTS)[number];

export type WorldAction =
  | { kind: 'suspend' }
  | { kind: 'delete' }
  | { kind: 'restore' }
  | { kind: 'withhold'; countries: string[] }
  | { kind: 'delete_posts'; newest: number[] }
  | { kind: 'shadow'; search?: boolean; suggestion?: boolean; reply?: boolean }
  | { kind: 'reach'; reach: number; posts: number }
  | { kind: 'attack'; accounts: number; text: string }
  | { kind: 'surge'; accounts: number }
  | { kind: 'fault'; fault: WorldFault; count: number }
  /** Only the account's search answers fail (YouTube / VK worlds, src/sim/generate-probes.ts). */
  | { kind: 'search_fault'; fault: SearchFault; count: number };

export interface TimedAction {
  at: number;
  handle: string;
  action: WorldAction;
}

/** What really happened: an event of `type` on `handle` from `start` (until `end` for outcomes that come and go). */
export interface Truth {
  type: EventType;
  handle: string;
  start: number;
  end?: number;
  /** post_deleted: the deleted post, counted from the newest (0 = newest) at deletion time. */
  newest?: number;
}

export interface GeneratedWorld {
  seed: number;
  unitMs: number;
  durationMs: number;
  /** The viewer country of the bench's vantages that a geo-block hits. */
  blockedIn: string;
  /** `platform`: the simulator the account lives on (absent = X). */
  targets: { handle: string; story: Story; history: number; viewsBase: number; platform?: SearchProbePlatform }[];
  actions: TimedAction[];
  truth: Truth[];
}

export interface GenerateOptions {
  seed: number;
  targets: number;
  /** One time unit (the poll interval of the run). */
  unitMs: number;
  /** Country the geo-blocks withhold the accounts in (the bench's default vantage). */
  blockedIn?: string;
  /** Draw only these stories (tests: the fault worlds). */
  stories?: readonly Story[];
  /**
   * Add YouTube and VK accounts with search shadow-bans that come and go, and quiet ones with
   * failing searches (default: in full worlds, i.e. without `stories` and with every story drawn).
   */
  searchPlatforms?: boolean;
}

/** The world's length in units: warm-up, the longest story, and time to confirm its last event. */
export const WORLD_UNITS = 34;

export function generateWorld(o: GenerateOptions): GeneratedWorld {
  const r = rng(o.seed * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const u = o.unitMs;
  const blockedIn = o.blockedIn ?? 'DE';
  const w: GeneratedWorld = { seed: o.seed, unitMs: u, durationMs: WORLD_UNITS * u, blockedIn, targets: [], actions: [], truth: [] };
  // Every story appears at least once when there are enough targets; the rest are drawn.
  const pool = o.stories?.length ? o.stories : STORIES;
  const stories: Story[] = Array.from({ length: o.targets }, (_, i) => (i < pool.length ? pool[i]! : pick(pool)));
  for (let i = stories.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [stories[i], stories[j]] = [stories[j]!, stories[i]!];
  }
  stories.forEach((story, i) => {
    const handle = `vg${o.seed % 1000}t${i}`;
    w.targets.push({ handle, story, history: int(12, 16), viewsBase: int(5, 50) * 100 });
    const at = (units: number) => Math.round(units * u);
    const act = (units: number, action: WorldAction) => w.actions.push({ at: at(units), handle, action });
    const truth = (type: EventType, start: number, extra: Partial<Truth> = {}) => w.truth.push({ type, handle, start: at(start), ...extra });
    const a = 4 + r() * 4; // story start, after the first polls saw the account ok
    switch (story) {
      case 'quiet':
        break;
      case 'attack_then_takedown': {
        act(a, { kind: 'attack', accounts: int(15, 40), text: pick(['Report this fake account!', 'This account spreads lies, report it', 'Impostor. Report and block.']) });
        truth('attack_suspected', a);
        const t = a + int(3, 6);
        const del = r() < 0.5;
        act(t, { kind: del ? 'delete' : 'suspend' });
        truth(del ? 'account_deleted' : 'account_suspended', t);
        break;
      }
      case 'takedown': {
        const del = r() < 0.5;
        act(a, { kind: del ? 'delete' : 'suspend' });
        truth(del ? 'account_deleted' : 'account_suspended', a);
        break;
      }
      case 'benign_surge':
        act(a, { kind: 'surge', accounts: int(20, 50) });
        break;
      case 'shadowban_cycle': {
        const kinds = (['search', 'suggestion', 'reply'] as const).filter(() => r() < 0.6);
        if (kinds.length === 0) kinds.push(pick(['search', 'suggestion', 'reply'] as const));
        const on = Object.fromEntries(kinds.map((k) => [k, true]));
        const off = Object.fromEntries(kinds.map((k) => [k, false]));
        // On, off, and on again: shadow-bans come and go.
        const spans: [number, number][] = [[a, a + int(9, 11)]];
        spans.push([spans[0]![1] + int(3, 4), spans[0]![1] + int(14, 16)]);
        for (const [s, e] of spans) {
          act(s, { kind: 'shadow', ...on });
          act(e, { kind: 'shadow', ...off });
          for (const k of kinds) truth(`shadowban_${k}`, s, { end: at(e) });
        }
        break;
      }
      case 'reach_drop':
        act(a, { kind: 'reach', reach: 0.03 + r() * 0.05, posts: 3 });
        truth('reach_drop', a);
        break;
      case 'faults': {
        // Bursts of every kind of transient failure, none of them a takedown.
        for (let k = 0; k < 6; k++) act(2 + k * 4 + r() * 2, { kind: 'fault', fault: pick(WORLD_FAULTS), count: int(3, 12) });
        break;
      }
      case 'geo_block': {
        act(a, { kind: 'withhold', countries: [blockedIn] });
        truth('account_geo_blocked', a);
        const back = a + int(9, 12);
        act(back, { kind: 'withhold', countries: [] });
        truth('account_restored', back);
        break;
      }
      case 'restoration': {
        act(a, { kind: 'suspend' });
        truth('account_suspended', a);
        const back = a + int(9, 12);
        act(back, { kind: 'restore' });
        truth('account_restored', back);
        break;
      }
      case 'post_deletion': {
        const n = int(1, 2);
        const newest = Array.from({ length: n }, (_, k) => k * 2 + 1);
        act(a, { kind: 'delete_posts', newest });
        for (const k of newest) truth('post_deleted', a, { newest: k });
        break;
      }
    }
    // Light background faults on other targets too (a shared, noisy network).
    if (story !== 'faults' && r() < 0.35) act(2 + r() * 20, { kind: 'fault', fault: pick(WORLD_FAULTS), count: int(1, 4) });
  });
  w.actions.sort((x, y) => x.at - y.at);
  if (o.searchPlatforms ?? (!o.stories?.length && o.targets >= STORIES.length)) addSearchBanWorlds(w);
  return w;
}
