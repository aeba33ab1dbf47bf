// Generated crowds of interacting accounts, shared by the simulators that serve interactions
// (Telegram comments, X replies and quotes, VK wall comments): bot farms with the traits public
// research describes (batch-created accounts, name+digits handles, default avatars, near-duplicate
// texts, synchronized timing, lookalikes of the target, calls to report it) and benign viral surges
// (many real, diverse accounts). Seeded and pure: a scenario always yields the same crowd.
import { englishSentence } from './text-en.js';
import { russianSentence } from './text-ru.js';
import { rng } from './text.js';

export interface CrowdMember {
  name: string;
  username: string;
  avatar: boolean;
  /** ISO creation time of the account (platforms that show it). */
  createdAt: string;
  followers: number;
  text: string;
  /** Milliseconds after the crowd's start when it posts. */
  offsetMs: number;
  /** Ground truth for benchmarks: a farm account (true) or a real one. */
  bot: boolean;
}

const FIRST = ['anna', 'dmitry', 'olga', 'sergey', 'elena', 'ivan', 'maria', 'alexey', 'natasha', 'pavel', 'aida', 'nurlan', 'dana', 'arman', 'kate', 'john', 'mike', 'sara'];
const LAST = ['petrova', 'ivanov', 'smirnova', 'kuznetsov', 'abenova', 'seitkali', 'volkova', 'orlov', 'lee', 'brown', 'miller', 'novak'];
const NAMES_RU = ['Анна', 'Дмитрий', 'Ольга', 'Сергей', 'Елена', 'Иван', 'Мария', 'Алексей', 'Наташа', 'Павел', 'Аида', 'Нурлан'];
const SURNAMES_RU = ['Петрова', 'Иванов', 'Смирнова', 'Кузнецов', 'Абенова', 'Сейткали', 'Волкова', 'Орлов'];
const REACTIONS = ['Спасибо!', 'Держитесь!', 'Это ужасно', 'Поделился', 'Thank you for this', 'Solidarity', 'Какой позор', 'Важно знать'];
// Farm texts: one template per attack, varied by a word and punctuation (near-duplicates, not copies).
const FARM_TEMPLATES_RU = [
  'Этот канал распространяет фейки и разжигает ненависть, {v} все!',
  'Иностранный агент и провокатор, канал пора закрыть, {v}!',
  'Ложь и пропаганда, администрация должна удалить этот канал, {v}',
];
const FARM_TEMPLATES_EN = ['This account spreads fake news and hate, {v} everyone!', 'Foreign agent and provocateur, this page must be removed, {v}!'];
const FARM_VERBS_RU = ['жалуйтесь', 'кидайте жалобы', 'пожалуйтесь', 'жалобы в поддержку'];
const FARM_VERBS_EN = ['report it', 'report this', 'mass report', 'report them'];

const pickOf = (r: () => number) => <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export interface FarmSpec {
  seed: number;
  count: number;
  /** The target's handle and title: lookalikes imitate them. */
  target: { handle: string; title?: string };
  lang?: 'ru' | 'en';
  /** Lookalike accounts among the farm (they take the first slots). */
  lookalikes?: number;
  /** All posts within this span (synchronized; default 8 s). */
  spanMs?: number;
  /** Accounts created this long before the attack, all within one day (default 3 days). */
  createdAgoMs?: number;
  /** The farm's message (`{v}`: a call-to-report verb); default one of a few stock messages. */
  template?: string;
}

/** A lookalike of a handle: homoglyph, doubled letter, or a decoy word. */
export function lookalikeHandle(handle: string, i: number): string {
  const h = handle.replace(/^@/, '');
  switch (i % 3) {
    case 0:
      return /o/i.test(h) ? h.replace(/o/i, '0') : `${h}_official`;
    case 1:
      return `${h}_official`;
    default:
      return `real_${h}`;
  }
}

export function botFarm(at: number, f: FarmSpec): CrowdMember[] {
  const r = rng(f.seed);
  const pick = pickOf(r);
  const lang = f.lang ?? 'ru';
  const stock = pick(lang === 'ru' ? FARM_TEMPLATES_RU : FARM_TEMPLATES_EN);
  // Drawn either way, so a farm's accounts do not depend on whether it brings its own message.
  const template = (f.template ?? stock).replace('{v}', pick(lang === 'ru' ? FARM_VERBS_RU : FARM_VERBS_EN));
  const tails = lang === 'ru' ? [' срочно', ' сейчас же', ' друзья', ''] : [' now', ' asap', ' guys', ''];
  const span = f.spanMs ?? 8000;
  const born = at - (f.createdAgoMs ?? 3 * 86_400_000);
  const used = new Set<string>();
  return Array.from({ length: f.count }, (_, i) => {
    const fake = i < (f.lookalikes ?? 0);
    // Drawn for every slot so a farm with the same seed reuses its accounts whatever its lookalikes.
    const generated = `${pick(FIRST)}${pick(LAST).slice(0, 2)}${1000 + Math.floor(r() * 899_000)}`; // <= 15 chars (X's limit)
    let username = fake ? lookalikeHandle(f.target.handle, i) : generated;
    while (used.has(username)) username = `${username}${Math.floor(r() * 10)}`;
    used.add(username);
    // One message per farm, varied by a word and punctuation: near-duplicates, not copies.
    const text = template + pick(tails) + pick(['', ' !!', ' !', '.', ' 👎']);
    return {
      name: fake ? (f.target.title ?? f.target.handle) : username,
      username,
      avatar: r() < 0.15 || fake,
      createdAt: new Date(born + Math.floor(r() * 20 * 3_600_000)).toISOString(),
      followers: fake ? Math.floor(r() * 40) : Math.floor(r() * 6),
      text,
      offsetMs: Math.floor(r() * span),
      bot: true,
    };
  });
}

export interface SurgeSpec {
  seed: number;
  count: number;
  /** Spread of the replies in time (default 10 minutes: a burst, like any viral post). */
  spanMs?: number;
}

/** A viral post's replies: real accounts (own avatars mostly, real names, years old), diverse words. */
export function benignSurge(at: number, s: SurgeSpec): CrowdMember[] {
  const r = rng(s.seed ^ 0x5bd1e995);
  const pick = pickOf(r);
  const span = s.spanMs ?? 600_000;
  const used = new Set<string>();
  return Array.from({ length: s.count }, (_, i) => {
    const ru = r() < 0.7;
    let username = `${pick(FIRST)}_${pick(LAST)}${r() < 0.2 ? String(Math.floor(r() * 99)) : ''}`;
    while (used.has(username)) username = `${username}${'abcdefghij'[Math.floor(r() * 10)]}`;
    used.add(username);
    const text = r() < 0.12 ? pick(REACTIONS) : ru ? russianSentence(r, pick) : englishSentence(r, pick);
    return {
      name: ru ? `${pick(NAMES_RU)} ${pick(SURNAMES_RU)}` : `${username.split('_')[0]!.replace(/^./, (c) => c.toUpperCase())} ${pick(LAST).replace(/^./, (c) => c.toUpperCase())}`,
      username,
      avatar: r() < 0.8,
      createdAt: new Date(at - (400 + Math.floor(r() * 3000)) * 86_400_000).toISOString(),
      followers: 20 + Math.floor(r() * 2000),
      text,
      offsetMs: Math.floor((i / Math.max(1, s.count)) * span + r() * (span / Math.max(1, s.count))),
      bot: false,
    };
  });
}

/** A post in a watched channel calling to report the target. */
export const reportCallText = (handle: string, lang: 'ru' | 'en' = 'ru'): string =>
  lang === 'ru' ? `Друзья, срочно кидайте жалобы на @${handle} — это провокаторы. Пункт «Спам» и «Насилие».` : `Everyone report @${handle} now, choose "spam" and "violence".`;
