// Per-account bot-farm traits from what a platform shows of an interaction's author (BotometerLite's
// profile fields: default avatar, screen-name digits/length, counts, account age). One trait alone
// says little (new real users share them): the score judges their share over a whole burst.
import type { Interaction } from '../../scrapers/types.js';

/** The account's identity for counting and listing: handle, else profile URL, else display name. */
export const accountOf = (a: Interaction['author']): string => (a.username ? a.username.toLowerCase() : a.url ? a.url : `name:${a.name}`);

/**
 * Generated handles: a name followed by a long digit run (`anna84712`, `user_88127`), long random
 * strings with no vowels or many digits mixed in (`xk7q2bzt9w`), or hex/base-36 blobs.
 */
export function generatedHandle(handle: string): boolean {
  const h = handle.toLowerCase().replace(/^@/, '');
  if (/^[a-z_.-]{2,}[_.-]?\d{4,}$/.test(h)) return true; // name + 4+ digits
  if (/^(user|id|u|tg|account|acc|profile)[_.-]?\d{3,}$/.test(h)) return true; // platform default names
  const letters = h.replace(/[^a-z]/g, '');
  const digits = h.replace(/\D/g, '').length;
  if (h.length >= 8 && digits >= 3 && /\d\D+\d/.test(h) && digits / h.length >= 0.3) return true; // digits scattered through
  // A long run without vowels: a random string rather than a word.
  return letters.length >= 8 && /[bcdfghjklmnpqrstvwxz]{6,}/.test(letters);
}

export interface AuthorTraits {
  generatedHandle: boolean;
  defaultAvatar: boolean;
  /** undefined when the platform shows no follower count. */
  fewFollowers?: boolean;
  /** undefined when the platform shows no creation time. */
  recentlyCreated?: boolean;
}

/** Traits of one interaction's author; `at` is the interaction's time (age is measured at it). */
export function authorTraits(a: Interaction['author'], at: number, opts: { fewFollowers: number; newAccountMs: number }): AuthorTraits {
  // Display names count as generated too when no handle is shown ("user88127" as a name).
  const handle = a.username ?? (/^\S+$/.test(a.name) ? a.name : '');
  const created = a.createdAt ? Date.parse(a.createdAt) : NaN;
  return {
    generatedHandle: handle !== '' && generatedHandle(handle),
    defaultAvatar: !a.avatar,
    ...(a.followers !== undefined ? { fewFollowers: a.followers < opts.fewFollowers } : {}),
    ...(Number.isFinite(created) ? { recentlyCreated: at - created >= -60_000 && at - created < opts.newAccountMs } : {}),
  };
}

/**
 * Batch-created accounts: the largest group whose creation times all lie within `spanMs` of each
 * other (a horizontal streak on a follower-order vs creation-date plot). Returns its accounts.
 */
export function largestBatch(created: readonly { account: string; at: number }[], spanMs: number): string[] {
  const xs = [...created].sort((a, b) => a.at - b.at);
  let best: string[] = [];
  let lo = 0;
  for (let hi = 0; hi < xs.length; hi++) {
    while (xs[hi]!.at - xs[lo]!.at > spanMs) lo++;
    if (hi - lo + 1 > best.length) best = xs.slice(lo, hi + 1).map((x) => x.account);
  }
  return best;
}
