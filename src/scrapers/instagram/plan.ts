// Where to look on instagram.com. Pure: URLs only, never fetches.
import type { FetchStep, TargetRef } from '../types.js';
import type { InstagramSettings } from './settings.js';

type Plan = Pick<InstagramSettings, 'baseUrl' | 'appId'> & { controlUrl?: string };

const base = (s: Plan): string => s.baseUrl.replace(/\/+$/, '');

/** The JSON Instagram's own web client reads for a profile (needs its app id header). */
export const profileInfoUrl = (s: Plan, user: string): string => `${base(s)}/api/v1/users/web_profile_info/?username=${encodeURIComponent(user)}`;

const api = (s: Plan, url: string, purpose: FetchStep['purpose']): FetchStep => ({
  via: 'http',
  url,
  purpose,
  // Answered logged out only now and then (then 401 require_login): a session makes it reliable.
  needsSession: true,
  headers: { 'x-ig-app-id': s.appId, 'x-requested-with': 'XMLHttpRequest', accept: 'application/json' },
});

/** The profile and its newest posts (about 12, pinned ones first). There is no older page: no cursor. */
export function planListing(t: TargetRef, s: Plan): FetchStep {
  return api(s, profileInfoUrl(s, t.key), 'listing');
}

/** One post's own page; "Sorry, this page isn't available." when it is gone. */
export function planPost(_t: TargetRef, s: Plan, key: string): FetchStep {
  return { via: 'http', url: `${base(s)}/p/${encodeURIComponent(key)}/`, purpose: 'post' };
}

/** The profile page (HTML). */
export function planLanding(t: TargetRef, s: Plan): FetchStep {
  return { via: 'http', url: `${base(s)}/${encodeURIComponent(t.key)}/`, purpose: 'landing' };
}

/** A known-good account's listing, through the same session as the listing it vouches for. */
export function planControl(s: Plan): FetchStep {
  return api(s, s.controlUrl ?? profileInfoUrl(s, 'instagram'), 'probe');
}
