// Deterministic generated post text (Russian/English) in the register of human-rights
// monitoring channels and independent media. Seeded so a scenario always yields the same world.
// `postText` feeds the simulated platforms (its output is kept stable: scenarios depend on it);
// `archiveText` writes the richer Russian/Kazakh/English corpus the search benchmark indexes.
import { englishSentence } from './text-en.js';
import { kazakhSentence } from './text-kk.js';
import { russianSentence } from './text-ru.js';

const RU_SUBJECTS = ['Правозащитники', 'Адвокат политзаключённого', 'Наблюдатели', 'Родственники задержанных', 'Редакция', 'Волонтёры инициативы'];
const RU_EVENTS = [
  'сообщают о новых задержаниях после акции солидарности',
  'передали письма поддержки в СИЗО',
  'фиксируют давление на независимых журналистов',
  'опубликовали обновлённый список политзаключённых',
  'рассказали о суде над участником мирного протеста',
  'напоминают, как безопасно передавать посылки в колонию',
  'собирают подписи за освобождение осуждённых по политическим мотивам',
];
const RU_TAILS = ['Подробности — в нашем отчёте.', 'Следите за обновлениями.', 'Просим поддержать семьи задержанных.', 'Материал проверен двумя источниками.'];
const EN_SUBJECTS = ['Human rights defenders', 'Our monitors', 'Lawyers for the detained', 'The editorial team', 'Volunteers'];
const EN_EVENTS = [
  'report new detentions after a peaceful rally',
  'publish the updated list of political prisoners',
  'document pressure on independent journalists',
  'describe the trial of a peaceful protester',
  'call for the release of those convicted on political grounds',
];
const EN_TAILS = ['Full report below.', 'Stay safe and share responsibly.', 'Sources verified.', 'Updates to follow.'];

/** Mulberry32: tiny seeded PRNG, enough for text variety. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function postText(seed: number, lang: 'ru' | 'en' = 'ru'): string {
  const r = rng(seed);
  const [s, e, t] = lang === 'ru' ? [RU_SUBJECTS, RU_EVENTS, RU_TAILS] : [EN_SUBJECTS, EN_EVENTS, EN_TAILS];
  const lines = [`${pick(r, s)} ${pick(r, e)}.`, pick(r, t)];
  if (r() < 0.2) lines.push(`https://example.org/report/${seed % 9973}`);
  return lines.join('\n');
}

export const hashSeed = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Languages of the archive corpus (`ru+kk`: a Kazakh post with a Russian sentence, as bilingual channels write). */
export type CorpusLang = 'ru' | 'kk' | 'en' | 'ru+kk';

const SENTENCE = { ru: russianSentence, kk: kazakhSentence, en: englishSentence } as const;

/**
 * A realistic archived post in Russian, Kazakh or English: inflected word forms, names, places,
 * sometimes a hashtag or a link. Deterministic in `seed`. `long` gives a statement-length text.
 */
export function archiveText(seed: number, lang: CorpusLang, long = false): string {
  const r = rng(seed);
  const pickR = <T>(xs: readonly T[]): T => pick(r, xs);
  const count = long ? 6 + Math.floor(r() * 10) : 1 + Math.floor(r() * 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const l = lang === 'ru+kk' ? (i === count - 1 && i > 0 ? 'ru' : 'kk') : lang;
    parts.push(SENTENCE[l](r, pickR));
  }
  const extra = r();
  if (extra < 0.1) parts.push(`https://example.org/${lang === 'en' ? 'report' : 'news'}/${seed % 99991}`);
  else if (extra < 0.18) parts.push(lang === 'en' ? '#FreeThemAll' : lang === 'ru' ? '#свободуполитзаключённым' : '#бостандық');
  return parts.join(long ? '\n\n' : ' ');
}

/** The corpus's language mix: mostly Russian, a quarter Kazakh, some English and bilingual posts. */
export function corpusLang(seed: number): CorpusLang {
  const x = rng(seed ^ 0x9e3779b9)();
  return x < 0.55 ? 'ru' : x < 0.8 ? 'kk' : x < 0.95 ? 'en' : 'ru+kk';
}
