// What a fetched t.me page says about the account. Transient or unreadable answers are
// no-verdict states (rate_limited / unknown) and can never become takedown events.
import type { FetchedPage, PageState } from '../types.js';
import { byClass, findFirst, textOf } from './dom.js';
import { scanPage, type PageScan } from './page.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

// Telegram's block notices ("This channel can't be displayed because …"). "local laws" and
// "unavailable in your country" blocks are applied per country, so they are geo blocks
// (another vantage point may still see the channel); ToS / porn / copyright blocks are global.
// Anchored at the start: the notice replaces the description, while a healthy channel may
// well quote it somewhere in its own description (false "restricted" alarms cost credibility).
const BLOCKED = /^\s*((?:this (?:channel|group|account|bot|user) (?:can['’]t|cannot) be displayed|[^.\n]{0,60}\bunavailable in your (?:country|region))[^\n]*)/i;
const GEO = /local laws|your (?:country|region)/i;

export function classifyTelegram(p: FetchedPage): Classification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429 from t.me' };
  if (p.status < 200 || p.status >= 300) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const type = headerValue(p.headers, 'content-type');
  if (type !== undefined && !/html/i.test(type)) return { state: 'unknown', reason: `not HTML (${type})` };
  return classifyScan(scanPage(p), p);
}

export function classifyScan(s: PageScan, p: Pick<FetchedPage, 'url' | 'finalUrl' | 'purpose'>): Classification {
  if (!s.isTelegram) return { state: 'unknown', reason: 'not a Telegram page (no tgme_ markup)' };

  const blocked = findBlockNotice(s);
  if (blocked) return { state: GEO.test(blocked) ? 'geo_blocked' : 'restricted', reason: blocked };

  // Channel preview (t.me/s/name): header and/or message history.
  if (s.one('tgme_channel_history') || s.one('tgme_channel_info')) {
    const posts = s.messages.filter((m) => m.attribs['data-post']);
    if (posts.length > 0) return { state: 'ok' };
    if (!s.one('tgme_channel_info')) return { state: 'unknown', reason: 'message history without a channel header' };
    // "No posts found" is also served transiently under load: empty, never "deleted".
    return { state: 'empty', reason: s.one('tme_no_messages_found') ? 'No posts found' : 'no messages on the page' };
  }

  // Embed widget (t.me/name/123?embed=1): says nothing definite about the account itself.
  if (s.messages.length > 0 || s.embedError) {
    if (s.messages.some((m) => m.attribs['data-post'])) return { state: 'ok' };
    return { state: 'unknown', reason: textOf(s.embedError) || 'embed without a post' };
  }

  // Landing page (t.me/name).
  if (s.one('tgme_page')) {
    // t.me/name/123 without ?embed: the post is loaded by script, and the page has no title
    // block either, so it must not be mistaken for the free-username page.
    if (s.one('tgme_page_post') || s.one('tgme_page_widget')) {
      return { state: 'unknown', reason: 'single-post landing: the post is rendered by script; use the ?embed=1 URL' };
    }
    const hasTitle = s.one('tgme_page_title') !== undefined;
    const hasExtra = s.one('tgme_page_extra') !== undefined;
    if (!hasTitle && !hasExtra) {
      // Only the exact generic page counts; any other title-less landing is no verdict.
      if (!s.title.startsWith('telegram: contact @')) return { state: 'unknown', reason: 'landing without title block or generic title' };
      return { state: 'not_found', reason: 'generic "Telegram: Contact @name" page: username free or deleted' };
    }
    if (wasRedirectedFromPreview(p)) {
      // A landing that itself links to the preview contradicts the redirect: do not guess.
      const ctx = s.one('tgme_page_context_link')?.attribs.href ?? '';
      if (/\/s\//.test(ctx)) return { state: 'unknown', reason: 'redirected to a landing that offers a preview: transient?' };
      return { state: 'private', reason: 't.me/s/ redirected to the landing page: the channel has no public preview' };
    }
    return { state: 'ok', reason: 'landing page of an existing account' };
  }
  return { state: 'unknown', reason: 'unrecognised Telegram page' };
}

function findBlockNotice(s: PageScan): string | undefined {
  const hasPosts = s.messages.some((m) => m.attribs['data-post'] !== undefined);
  if (hasPosts) return undefined; // a page showing posts is not blocked, whatever its text says
  const info = s.one('tgme_channel_info');
  const candidates = [s.one('tgme_page_description'), s.one('tme_no_messages_found'), findFirst(info, byClass('tgme_channel_info_description'))];
  for (const el of candidates) {
    const m = el ? BLOCKED.exec(textOf(el)) : null;
    if (m) return m[1].trim();
  }
  return undefined;
}

const isPreviewUrl = (u: string): boolean => {
  try {
    return new URL(u).pathname.startsWith('/s/');
  } catch {
    return false;
  }
};

function wasRedirectedFromPreview(p: Pick<FetchedPage, 'url' | 'finalUrl' | 'purpose'>): boolean {
  // Telegram redirects t.me/s/name → t.me/name; landing markup under a preview URL means the same.
  return p.purpose === 'listing' || isPreviewUrl(p.url) || isPreviewUrl(p.finalUrl);
}

const headerValue = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};
