// Public calls to report an account ("report @x", "кидайте жалобы на канал", "шағым түсіріңіздер").
// Mass reporting itself is invisible from outside; the calls that organise it are public.
// Verbs and nouns of reporting in the languages of the watched regions, matched at word starts
// (JS `\b` knows no Cyrillic, hence the look-behind). English needs an object ("report this",
// "report @x"): "great report" under a newsroom's post is praise, not a call.
const at = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${s}`, 'iu');
const CALL = [
  at('report (this|the|him|her|them|it|his|their|@|https?:|everyone|all|[a-z0-9-]+\\.[a-z]{2,}/)'),
  at('mass[- ]?report'),
  at('flag (this|the|his|her|their)'),
  at('жалоб'), // жалоба, жалобы, жалобу
  at('пожал(уйся|уйтесь|овать|овался|ойтесь)'),
  at('жалуй(ся|тесь)'),
  at('репорт'),
  at('скарг'), // uk: скарга
  at('поскарж'),
  at('шағым'), // kk
];

// Handles a call names: @name, or a profile link (the first path segment of any URL: t.me/name,
// x.com/name, youtube.com/@name); the target's handle is compared, so foreign segments do no harm.
const MENTION = /(?:^|[^\w@])@([A-Za-z0-9_.]{3,32})|https?:\/\/[^\s/]+\/@?([A-Za-z0-9_.]{3,64})|(?:^|\s)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/@?([A-Za-z0-9_.]{3,64})/gi;

/** Is this text a call to report someone (regardless of whom)? */
export const isReportCall = (text: string): boolean => CALL.some((r) => r.test(text));

/** The handles a text names (lower-case, without @). */
export function mentionedHandles(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION)) out.add((m[1] ?? m[2] ?? m[3] ?? '').replace(/\.+$/, '').toLowerCase());
  out.delete('');
  return [...out];
}

/**
 * A call to report the target: a report call that names the target's handle, or, in the target's own
 * comments, one that names nobody ("report this channel" under its posts means the channel).
 */
export function callsToReport(text: string, handle: string, underTarget: boolean): boolean {
  if (!isReportCall(text)) return false;
  const named = mentionedHandles(text);
  if (named.includes(handle.toLowerCase())) return true;
  // Under the target's own posts a call that names nobody is about the target.
  return underTarget && named.length === 0;
}
