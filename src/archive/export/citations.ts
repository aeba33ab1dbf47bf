// Citation lines for report authors: one per capture, post (or statement) and event. Platform,
// account, title or first words, published time, archived time (UTC), what happened to it (edited,
// deleted at, account blocked at), SHA-256, ledger position and archive link. Markdown, CSV and
// CSL-JSON. Pure.
import type { CaptureManifest } from '../types.js';
import { citeUrl, scrapers } from '../../scrapers/registry.js';

export type CitationKind = 'capture' | 'post' | 'event';

export interface Citation {
  id: string;
  /** What is cited (absent on citations made before kinds existed: a capture). */
  kind?: CitationKind;
  platform: string;
  account: string;
  title: string;
  url: string;
  publishedAt?: string;
  archivedAt: string;
  /** What happened to it, in words: "edited (2 versions)", "deleted by 2024-11-12 10:00 UTC", ... */
  happened?: string;
  /**
   * SHA-256 of what is cited: a capture's or event's stored record (the digest in the ledger); a
   * post's archived JSON record (listed, with this digest, in the ledgered observation `ledgerKey`).
   */
  sha256: string;
  /** Bucket key of the ledgered record that holds it, and its position in the ledger (when located). */
  ledgerKey?: string;
  ledgerSeq?: number;
  archiveUrl: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** First `n` words of a text, with an ellipsis when cut. */
export function firstWords(text: string, n = 12): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  return words.length <= n ? words.join(' ') : `${words.slice(0, n).join(' ')}…`;
}

export function citationFromManifest(m: CaptureManifest, sha256: string, archiveUrl: string, ledger?: { key: string; seq?: number }): Citation {
  const md = m.metadata ?? {};
  let host = '';
  let firstSegment = '';
  try {
    const u = new URL(m.url);
    host = u.hostname;
    firstSegment = u.pathname.split('/').filter(Boolean)[0] ?? '';
  } catch {
    // A manifest URL that does not parse still gets cited, just with less detail.
  }
  const text = str(md.title) ?? (str(md.text) ? firstWords(str(md.text)!) : undefined);
  // Which platform a URL is, and whose account, is each platform's answer (Scraper.cite).
  const cited = citeUrl(m.url);
  const purpose = str(md.purpose);
  return {
    id: m.id,
    kind: 'capture',
    // A page no platform claims is cited as a web page of its host.
    platform: str(md.platform) ?? cited?.scraper.platform ?? (host || 'unknown'),
    account: str(md.account) ?? m.target ?? cited?.account ?? firstSegment,
    title: text ?? m.url,
    url: m.url,
    publishedAt: str(md.publishedAt),
    archivedAt: new Date(m.finishedAt).toISOString(),
    // A page that did not answer 2xx says so: that is what a confirming answer ("not found") proves.
    ...(m.response && m.response.status >= 300 ? { happened: `answered HTTP ${m.response.status}${purpose ? ` (${purpose})` : ''}` } : {}),
    sha256,
    ...ledgerFields(ledger),
    archiveUrl,
  };
}

const ledgerFields = (l?: { key: string; seq?: number }) => (l ? { ledgerKey: l.key, ...(l.seq !== undefined ? { ledgerSeq: l.seq } : {}) } : {});

/** What a post citation needs: the post as archived, and where it stands now. */
export interface PostCiteInput {
  targetId: string;
  id: string;
  url: string;
  text: string;
  publishedAt?: string;
  edited: boolean;
  deleted: boolean;
  deletedAt?: string;
  /** Oldest first: each archived version, its record's blob and the observation that listed it. */
  versions: readonly { sha256: string; observedAt: string; observationId: string }[];
}

/** The account's standing when it is cited (a blocked or deleted account is "what happened" too). */
export interface AccountCiteInput {
  platform: string;
  account: string;
  state?: string;
  stateSince?: string;
}

const utc = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
};

/** Account states worth saying in a citation (the others are ordinary). */
const ACCOUNT_WORDS: Record<string, string> = {
  not_found: 'account deleted',
  suspended: 'account suspended',
  restricted: 'account blocked',
  geo_blocked: 'account geo-blocked',
  private: 'account made private',
};

export function accountHappened(a: AccountCiteInput): string | undefined {
  const words = a.state ? ACCOUNT_WORDS[a.state] : undefined;
  return words ? `${words}${a.stateSince ? ` (seen ${utc(a.stateSince)})` : ''}` : undefined;
}

/** "edited (3 versions); deleted by 2024-11-12 10:00:00 UTC; account blocked (seen …)". Pure. */
export function postHappened(p: Pick<PostCiteInput, 'edited' | 'deleted' | 'deletedAt' | 'versions'>, account?: AccountCiteInput): string | undefined {
  const parts: string[] = [];
  if (p.edited || p.versions.length > 1) parts.push(`edited (${Math.max(p.versions.length, 2)} versions archived)`);
  if (p.deleted) parts.push(p.deletedAt ? `deleted by ${utc(p.deletedAt)}` : 'deleted');
  const acc = account ? accountHappened(account) : undefined;
  if (acc) parts.push(acc);
  return parts.length ? parts.join('; ') : undefined;
}

export function citationFromPost(p: PostCiteInput, account: AccountCiteInput, archiveUrl: string, ledger?: { key: string; seq?: number }): Citation {
  const first = p.versions[0];
  const last = p.versions[p.versions.length - 1];
  const happened = postHappened(p, account);
  return {
    id: p.id,
    kind: 'post',
    platform: account.platform,
    account: account.account,
    title: str(p.text) ? firstWords(p.text) : p.url,
    url: p.url,
    ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    // First archived: the oldest version on record.
    archivedAt: new Date(first?.observedAt ?? Date.now()).toISOString(),
    ...(happened ? { happened } : {}),
    sha256: last?.sha256 ?? '',
    ...ledgerFields(ledger),
    archiveUrl,
  };
}

export interface EventCiteInput {
  id: string;
  type: string;
  status: string;
  postId?: string;
  detectedAt: string;
  confirmedAt?: string;
  window: { lastOkAt?: string; firstChangedAt: string };
}

/** An event cited: what happened (type, window, confirmation), about which post or account. */
export function citationFromEvent(e: EventCiteInput, account: AccountCiteInput, about: { title?: string; url?: string; publishedAt?: string }, sha256: string, archiveUrl: string, ledger?: { key: string; seq?: number }): Citation {
  const what = e.type.replace(/_/g, ' ');
  const between = e.window.lastOkAt ? `between ${utc(e.window.lastOkAt)} and ${utc(e.window.firstChangedAt)}` : `by ${utc(e.window.firstChangedAt)}`;
  const status = e.status === 'confirmed' && e.confirmedAt ? `confirmed ${utc(e.confirmedAt)}` : e.status;
  return {
    id: e.id,
    kind: 'event',
    platform: account.platform,
    account: account.account,
    title: about.title ? `${what}: ${about.title}` : what,
    url: about.url ?? '',
    ...(about.publishedAt ? { publishedAt: about.publishedAt } : {}),
    archivedAt: new Date(e.detectedAt).toISOString(),
    happened: `${what} ${between} (${status})`,
    sha256,
    ...ledgerFields(ledger),
    archiveUrl,
  };
}

const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
/** The platform's display name ("Telegram"), or the capitalised name of an unregistered one (a host). */
export const displayName = (platform: string): string => scrapers.get(platform)?.displayName ?? cap(platform);
/** CSL type: a registered platform says (`post` for social media); anything else is a web page. */
const cslType = (platform: string): 'post' | 'webpage' => scrapers.get(platform)?.citeAs ?? 'webpage';

const ledgerWords = (c: Citation): string => (c.ledgerSeq !== undefined ? `ledger entry ${c.ledgerSeq}` : c.ledgerKey ? `ledger record ${c.ledgerKey}` : '');

/** One Markdown citation line (without the list marker). */
export function citationLine(c: Citation): string {
  const pub = c.publishedAt ? ` (published ${utc(c.publishedAt)})` : '';
  const url = c.url ? ` <${c.url}>.` : '';
  const happened = c.happened ? ` ${cap(c.happened)}.` : '';
  const ledger = ledgerWords(c);
  return `${displayName(c.platform)}, ${c.account}: “${c.title.replace(/[\r\n]+/g, ' ')}”${pub}.${url}${happened} Archived ${utc(c.archivedAt)} by Vigil; SHA-256 ${c.sha256}${ledger ? `; ${ledger}` : ''}; ${c.archiveUrl}`;
}

export function citationsMarkdown(items: readonly Citation[]): string {
  return `# Citations\n\n${items.map((c) => `- ${citationLine(c)}`).join('\n')}\n`;
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function citationsCsv(items: readonly Citation[]): string {
  // New columns go at the end: spreadsheets made from older exports keep their layout.
  const head = ['platform', 'account', 'title', 'url', 'published_utc', 'archived_utc', 'sha256', 'archive_url', 'kind', 'happened', 'ledger_seq', 'ledger_key'];
  const rows = items.map((c) =>
    [c.platform, c.account, c.title, c.url, c.publishedAt ? new Date(c.publishedAt).toISOString() : '', c.archivedAt, c.sha256, c.archiveUrl, c.kind ?? 'capture', c.happened ?? '', c.ledgerSeq !== undefined ? String(c.ledgerSeq) : '', c.ledgerKey ?? '']
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\r\n') + '\r\n';
}

const dateParts = (iso: string) => {
  const d = new Date(iso);
  return { 'date-parts': [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]] };
};

/** CSL-JSON items (type "post" for social posts, "webpage" otherwise). */
export function citationsCslJson(items: readonly Citation[]): object[] {
  return items.map((c) => ({
    id: c.id,
    type: cslType(c.platform),
    title: c.title,
    author: [{ literal: c.account }],
    'container-title': displayName(c.platform),
    ...(c.url ? { URL: c.url } : {}),
    ...(c.publishedAt ? { issued: dateParts(c.publishedAt) } : {}),
    accessed: dateParts(c.archivedAt),
    archive: 'Vigil',
    archive_location: c.archiveUrl,
    note: [c.happened ? cap(c.happened) : '', `Archived ${c.archivedAt}; SHA-256 ${c.sha256}`, ledgerWords(c)].filter(Boolean).join('; '),
  }));
}
