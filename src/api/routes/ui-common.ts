// Shared by the UI route groups: sending a page with its security headers, the page language.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie } from '../auth.js';
import { pickLang, uiFor, type Ui } from '../ui/i18n.js';

export const LANG_COOKIE = 'vigil_lang';

/** Pages run only Vigil's own scripts; nothing is loaded from elsewhere (no CDN, no network). */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface SendOptions {
  status?: number;
  /** Extra frame sources (the replay origin on a capture's page). */
  frameSrc?: string;
}

export function sendHtml(reply: FastifyReply, body: string, opts: SendOptions = {}) {
  const csp = opts.frameSrc ? `${PAGE_CSP}; frame-src ${opts.frameSrc}; font-src 'self' data:` : PAGE_CSP;
  return reply
    .code(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('x-frame-options', 'DENY')
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form POSTs (refused).
    .header('referrer-policy', 'same-origin')
    .send(body);
}

export const uiOf = (req: FastifyRequest): Ui =>
  uiFor(pickLang((req.query as Record<string, unknown> | undefined)?.lang, readCookie(req.headers.cookie, LANG_COOKIE), req.headers['accept-language']));

/** Empty form fields mean "any". */
export const given = (q: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'lang'));
