// Deterministic generated post text (Russian/English) in the register of human-rights
// monitoring channels and independent media. Seeded so a scenario always yields the same world.

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
