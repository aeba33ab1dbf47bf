// Citation lines for report authors, one per capture: platform, account, title or first words,
// published time, archived time (UTC), SHA-256 and archive link. Markdown, CSV and CSL-JSON. Pure.
import type { CaptureManifest } from '../types.js';
import { citeUrl, scrapers } from '../../scrapers/registry.js';

export interface Citation {
  id: string;
  platform: string;
  account: string;
  title: string;
  url: string;
  publishedAt?: string;
  archivedAt: string;
  /** sha256 of the capture manifest, the digest recorded in the ledger (it covers every artifact). */
  sha256: string;
  archiveUrl: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** First `n` words of a text, with an ellipsis when cut. */
export function firstWords(text: string, n = 12): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  return words.length <= n ? words.join(' ') : `${words.slice(0, n).join(' ')}…`;
}

export function citationFromManifest(m: CaptureManifest, sha256: string, archiveUrl: string): Citation {
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
  return {
    id: m.id,
    // A page no platform claims is cited as a web page of its host.
    platform: str(md.platform) ?? cited?.scraper.platform ?? (host || 'unknown'),
    account: str(md.account) ?? m.target ?? cited?.account ?? firstSegment,
    title: text ?? m.url,
    url: m.url,
    publishedAt: str(md.publishedAt),
    archivedAt: new Date(m.finishedAt).toISOString(),
    sha256,
    archiveUrl,
  };
}

const utc = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
/** The platform's display name ("Telegram"), or the capitalised name of an unregistered one (a host). */
const displayName = (platform: string): string => scrapers.get(platform)?.displayName ?? cap(platform);
/** CSL type: a registered platform says (`post` for social media); anything else is a web page. */
const cslType = (platform: string): 'post' | 'webpage' => scrapers.get(platform)?.citeAs ?? 'webpage';

export function citationsMarkdown(items: readonly Citation[]): string {
  const lines = items.map((c) => {
    const pub = c.publishedAt ? ` (published ${utc(new Date(c.publishedAt).toISOString())})` : '';
    return `- ${displayName(c.platform)}, ${c.account}: “${c.title.replace(/[\r\n]+/g, ' ')}”${pub}. <${c.url}>. Archived ${utc(c.archivedAt)} by Vigil; SHA-256 ${c.sha256}; ${c.archiveUrl}`;
  });
  return `# Citations\n\n${lines.join('\n')}\n`;
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function citationsCsv(items: readonly Citation[]): string {
  const head = ['platform', 'account', 'title', 'url', 'published_utc', 'archived_utc', 'sha256', 'archive_url'];
  const rows = items.map((c) => [c.platform, c.account, c.title, c.url, c.publishedAt ? new Date(c.publishedAt).toISOString() : '', c.archivedAt, c.sha256, c.archiveUrl].map(csvCell).join(','));
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
    URL: c.url,
    ...(c.publishedAt ? { issued: dateParts(c.publishedAt) } : {}),
    accessed: dateParts(c.archivedAt),
    archive: 'Vigil',
    archive_location: c.archiveUrl,
    note: `Archived ${c.archivedAt}; SHA-256 ${c.sha256}`,
  }));
}
