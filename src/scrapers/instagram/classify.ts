// What an Instagram answer says about the account. Login walls (401 require_login, the login page,
// an expired session, a checkpoint), the consent interstitial, "please wait", 429 and anything
// unrecognised are no verdict; "Sorry, this page isn't available." is `not_found` with the
// "unavailable" reason (it also covers bans: see README), and only after the control URL agrees.
import type { FetchedPage, PageState } from '../types.js';
import { CONSENT, LOGIN_PAGE, LOGIN_PATH, PROFILE_PAGE, UNAVAILABLE, UNAVAILABLE_REASON, bodyText, headerValue, jsonOf, pathOf } from './markers.js';
import { profileOf, type IgUser } from './profile.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

export function classifyInstagram(p: FetchedPage): Classification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429 from Instagram' };
  // Redirected to the login page, a checkpoint, or the session's own account being suspended.
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return { state: 'login_wall', reason: `redirected to ${pathOf(p.finalUrl)}` };
  if (p.status >= 500) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const text = bodyText(p.body);
  const json = jsonOf(text);
  if (json !== undefined) return classifyJson(json, p);
  const type = headerValue(p.headers, 'content-type') ?? '';
  if (type !== '' && !/html/i.test(type)) return { state: 'unknown', reason: `neither Instagram JSON nor HTML (${type})` };
  if (UNAVAILABLE.test(text)) return { state: 'not_found', reason: UNAVAILABLE_REASON };
  if (CONSENT.test(text)) return { state: 'login_wall', reason: 'cookie consent interstitial' };
  if (LOGIN_PAGE.test(text)) return { state: 'login_wall', reason: 'login page' };
  if (p.status === 404 && p.purpose === 'listing' && text.trim() === '') return { state: 'not_found', reason: `${UNAVAILABLE_REASON}; web_profile_info answered 404` };
  if (p.status !== 200) return { state: 'unknown', reason: `HTTP ${p.status} without Instagram markers` };
  if (PROFILE_PAGE.test(text)) return { state: 'ok', reason: 'profile page of an existing account' };
  return { state: 'unknown', reason: 'not a recognised Instagram answer' };
}

function classifyJson(json: unknown, p: FetchedPage): Classification {
  const o = json as Record<string, unknown>;
  const message = typeof o.message === 'string' ? o.message : '';
  if (o.require_login === true || message === 'login_required') {
    const expired = typeof o.error_title === 'string' || typeof o.logout_reason === 'number';
    return { state: 'login_wall', reason: expired ? `session expired: ${String(o.error_title ?? 'logged out')}` : `HTTP ${p.status} require_login` };
  }
  if (/please wait a few minutes/i.test(message)) return { state: 'rate_limited', reason: message };
  if (o.status === 'fail') return { state: 'unknown', reason: `Instagram API: ${message || 'fail'} (HTTP ${p.status})` };
  const prof = profileOf(json);
  if (prof === undefined) return { state: 'unknown', reason: 'JSON that is not a profile answer' };
  if ('error' in prof) return { state: 'unknown', reason: `profile JSON changed shape: ${prof.error}` };
  if (prof.user === null) {
    return p.status === 404 ? { state: 'not_found', reason: `${UNAVAILABLE_REASON}; web_profile_info answered 404` } : { state: 'unknown', reason: 'profile JSON without a user' };
  }
  return classifyUser(prof.user);
}

export function classifyUser(u: IgUser): Classification {
  const edges = u.edge_owner_to_timeline_media?.edges ?? [];
  if (u.country_block === true) return { state: 'geo_blocked', reason: 'country_block: the profile is withheld in the requesting country' };
  if (u.is_private && edges.length === 0) return { state: 'private', reason: 'is_private: true' };
  if (edges.length === 0) return { state: 'empty', reason: u.edge_owner_to_timeline_media ? 'no posts listed' : 'profile without its posts' };
  return { state: 'ok' };
}
