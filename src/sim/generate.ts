// Scenario generator: ground-truth worlds from a seed, so detection figures are measured on worlds
// nobody tuned the rules to (`npm run bench -- detection --seed N --targets N`). Each target gets
// one story: attacks then takedowns, takedowns without attack, benign surges, shadow-bans that come
// and go, reach drops, transient faults (429, 5xx, timeouts, captchas, login walls / expired
// sessions, one-off "suspended"), geo-blocks, suspensions with restoration, deleted posts,
// campaigns (two targets hit by the same farm's accounts and texts, one then shadow-banned), or
// nothing; full worlds add other platforms' search bans (generate-probes.ts), reach drops and
// renames (generate-other.ts). Times are in units of `unitMs` (the bench's poll interval) after the start. Pure.
import type { EventType } from '../detect/vocabulary.js';
import { rng } from './text.js';
import { addSearchBanWorlds, type SearchFault, type SearchProbePlatform } from './generate-probes.js';
import { addOtherPlatformStories, OTHER_STORIES, type OtherStory, type ViewsPlan } from './generate-other.js';
import { englishSentence } from './text-en.js';
import { russianSentence } from './text-ru.js';

export const STORIES = ['quiet', 'attack_then_takedown', 'takedown', 'benign_surge', 'shadowban_cycle', 'reach_drop', 'faults', 'geo_block', 'restoration', 'post_deletion', 'campaign'] as const;
/** `rename` (Telegram, VK) and the other platforms' reach drops come from generate-other.ts, not drawn over X. */
export type Story = (typeof STORIES)[number] | 'rename';
export const WORLD_FAULTS = ['rate_limit', 'server_error', 'deadline', 'suspended_flap', 'login_wall', 'captcha'] as const;
export type WorldFault = (typeof WORLD_FAULTS)[number];
/**
 * Where a target lives. Attack stories (attack then takedown, benign surge, a campaign's first
 * member) are drawn over every platform whose interactions Vigil reads (X replies, Telegram
 * discussion comments, VK wall comments, YouTube video comments); the rest stay on X (its probes,
 * views and faults).
 */
export const WORLD_PLATFORMS = ['x', 'telegram', 'vk', 'youtube'] as const;
/**
 * Platforms whose comments are read only with a logged-in session (Instagram, Facebook): attack
 * stories fall on them only when the run configures a session there and lists them in `platforms`
 * (the bench does). A takedown there is the platform's one "unavailable" page (`account_deleted`).
 */
export const SESSION_WORLD_PLATFORMS = ['instagram', 'facebook'] as const;
export type WorldPlatform = (typeof WORLD_PLATFORMS)[number] | (typeof SESSION_WORLD_PLATFORMS)[number];

export type WorldAction =
  | { kind: 'suspend' }
  | { kind: 'delete' }
  /** The platform blocks the account (Telegram "can't be displayed", a VK community blocked): account_restricted. */
  | { kind: 'block' }
  /** X suspends the account; a YouTube channel is terminated (account_suspended). */
  | { kind: 'restore' }
  | { kind: 'withhold'; countries: string[] }
  | { kind: 'delete_posts'; newest: number[] }
  | { kind: 'shadow'; search?: boolean; suggestion?: boolean; reply?: boolean }
  /** `posts` new posts with views at `reach` × the account's usual ones (1 = as usual). */
  | { kind: 'reach'; reach: number; posts: number }
  /** The account takes the handle `to`; `forwardedBy` (a watched account) forwards one of its posts from the new name. */
  | { kind: 'rename'; to: string; forwardedBy?: string }
  /** `seed`: the farm (src/sim/crowds.ts botFarm); the same seed is the same accounts and texts. `quote`: quote posts instead of replies (X). */
  | { kind: 'attack'; accounts: number; text: string; seed?: number; lookalikes?: number; quote?: boolean }
  /** `seed`: the crowd of real, diverse accounts (crowds.ts benignSurge). */
  | { kind: 'surge'; accounts: number; seed?: number }
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
  /** A takedown or shadow-ban that followed an attack: the start of that attack_suspected truth on the same handle (its link is ground truth). */
  attack?: number;
  /** campaign: the member handles, sorted. */
  members?: string[];
}

export interface GeneratedWorld {
  seed: number;
  unitMs: number;
  durationMs: number;
  /** The viewer country of the bench's vantages that a geo-block hits. */
  blockedIn: string;
  /**
   * `platform`: the simulator the account lives on (absent = X). `views`: its history posts'
   * views and ages (generate-other.ts); `numericId`: watched by its numeric address (VK `club<n>`).
   */
  targets: { handle: string; story: Story; history: number; viewsBase: number; platform?: WorldPlatform | SearchProbePlatform; views?: ViewsPlan; numericId?: number }[];
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
  /**
   * Reach drops on Telegram, YouTube and VK and renames on Telegram and VK (generate-other.ts;
   * default: both in full worlds, as `searchPlatforms`).
   */
  otherStories?: readonly OtherStory[];
  /** Platforms attack stories are drawn over (default: X only; the bench: WORLD_PLATFORMS). */
  platforms?: readonly WorldPlatform[];
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
    const platforms = o.platforms?.length ? o.platforms : (['x'] as const);
    const platform: WorldPlatform = story === 'attack_then_takedown' || story === 'benign_surge' || story === 'campaign' ? pick(platforms) : 'x';
    w.targets.push({ handle, story, history: int(12, 16), viewsBase: int(5, 50) * 100, ...(platform !== 'x' ? { platform } : {}) });
    const at = (units: number) => Math.round(units * u);
    const act = (units: number, action: WorldAction) => w.actions.push({ at: at(units), handle, action });
    const truth = (type: EventType, start: number, extra: Partial<Truth> = {}) => w.truth.push({ type, handle, start: at(start), ...extra });
    const a = 4 + r() * 4; // story start, after the first polls saw the account ok
    // Each farm its own message (crowds.ts varies it per account): independent attacks never share
    // texts, which would make them a campaign by definition; `{v}` is the call to report.
    const farmText = (p: WorldPlatform) => `${p === 'x' ? englishSentence(r, pick) : russianSentence(r, pick)} {v}`;
    switch (story) {
      case 'quiet':
        break;
      case 'attack_then_takedown': {
        act(a, { kind: 'attack', accounts: int(15, 40), text: farmText(platform), seed: int(1, 1e6), lookalikes: int(0, 2), ...(platform === 'x' && r() < 0.5 ? { quote: true } : {}) });
        truth('attack_suspected', a);
        const t = a + int(3, 6);
        const del = r() < 0.5;
        if (platform === 'instagram' || platform === 'facebook') {
          act(t, { kind: 'delete' });
          truth('account_deleted', t, { attack: at(a) });
          break;
        }
        // YouTube has no "blocked" channel page: a channel taken down after an attack is terminated.
        if (platform === 'youtube') {
          act(t, { kind: 'suspend' });
          truth('account_suspended', t, { attack: at(a) });
          break;
        }
        if (platform !== 'x') {
          act(t, { kind: 'block' });
          truth('account_restricted', t, { attack: at(a) });
          break;
        }
        act(t, { kind: del ? 'delete' : 'suspend' });
        truth(del ? 'account_deleted' : 'account_suspended', t, { attack: at(a) });
        break;
      }
      case 'campaign': {
        // The same farm (same seed: same accounts, same texts) hits this target and a second one (on
        // X) a few polls later; the second is then shadow-banned, consistent with its attack.
        const other = `${handle}b`;
        w.targets.push({ handle: other, story: 'campaign', history: int(12, 16), viewsBase: int(5, 50) * 100 });
        const farm = int(1, 1e6);
        const accounts = int(15, 30);
        const text = farmText(platform);
        act(a, { kind: 'attack', accounts, text, seed: farm });
        truth('attack_suspected', a);
        const b = a + int(2, 4);
        w.actions.push({ at: at(b), handle: other, action: { kind: 'attack', accounts: accounts + int(-3, 3), text, seed: farm, ...(r() < 0.5 ? { quote: true } : {}) } });
        w.truth.push({ type: 'attack_suspected', handle: other, start: at(b) });
        w.truth.push({ type: 'campaign', handle: other, start: at(b), members: [handle, other].sort() });
        const sb = b + int(3, 5);
        const kind = pick(['search', 'suggestion', 'reply'] as const);
        w.actions.push({ at: at(sb), handle: other, action: { kind: 'shadow', ...(kind === 'search' ? { search: true } : kind === 'suggestion' ? { suggestion: true } : { reply: true }) } });
        w.truth.push({ type: `shadowban_${kind}`, handle: other, start: at(sb), attack: at(b) });
        break;
      }
      case 'takedown': {
        const del = r() < 0.5;
        act(a, { kind: del ? 'delete' : 'suspend' });
        truth(del ? 'account_deleted' : 'account_suspended', a);
        break;
      }
      case 'benign_surge':
        act(a, { kind: 'surge', accounts: int(20, 50), seed: int(1, 1e6) });
        break;
      case 'shadowban_cycle': {
        const kinds = (['search', 'suggestion', 'reply'] as const).filter(() => r() < 0.6);
        if (kinds.length === 0) kinds.push(pick(['search', 'suggestion', 'reply'] as const));
        const on = Object.fromEntries(kinds.map((k) => [k, true]));
        const off = Object.fromEntries(kinds.map((k) => [k, false]));
        // On, off, and on again: shadow-bans come and go.
        const spans: [number, number][] = [[a, a + int(9, 11)]];
        // The second span ends inside the world (at most 8 + 11 + 14 = 33 units).
        spans.push([spans[0]![1] + int(3, 4), spans[0]![1] + int(12, 14)]);
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
    if (story !== 'faults' && platform === 'x' && r() < 0.35) act(2 + r() * 20, { kind: 'fault', fault: pick(WORLD_FAULTS), count: int(1, 4) });
  });
  w.actions.sort((x, y) => x.at - y.at);
  const full = !o.stories?.length && o.targets >= STORIES.length;
  if (o.searchPlatforms ?? full) addSearchBanWorlds(w);
  const other = o.otherStories ?? (full ? OTHER_STORIES : []);
  if (other.length) addOtherPlatformStories(w, other);
  return w;
}
