// Instagram's public answers, as other projects quote them (no real recording with a licence exists;
// test/fixtures/instagram/PROVENANCE.md lists the sources). Pure.

/**
 * "Sorry, this page isn't available." is Instagram's one page for a username that is free, deleted,
 * deactivated, renamed or banned (and a removed post): served HTML-escaped (isn&#039;t), at 404 or 200.
 */
export const UNAVAILABLE = /Sorry,\s+this\s+page\s+isn(?:'|&#0?39;|&#x27;|&apos;|’)t\s+available/i;

/** The reason every "unavailable" answer carries into its state and its event. */
export const UNAVAILABLE_REASON = 'unavailable: "Sorry, this page isn\'t available." (deleted, deactivated, renamed or banned: Instagram shows one page for all)';

/** Legacy logged-out/blocked pages and the web client's login route. */
export const LOGIN_PATH = /^\/(?:accounts\/(?:login|suspended|onetap)|challenge)(?:\/|$)/i;
export const LOGIN_PAGE = /<title>\s*Login\s*[•·]\s*Instagram\s*<\/title>|"LoginAndSignupPage"|id="loginForm"/i;

/** The cookie consent interstitial: a gate, never a verdict. */
export const CONSENT = /Allow (?:the )?use of cookies (?:from|by) Instagram/i;

/** Post-level withholding (quoted by a takedown-monitoring script): not a deletion. */
export const GEO_POST = /(?:This (?:post|photo|video) is not available in your country|Restricted (?:Photo|Video))/i;

/** The profile page's description: "… Posts - See Instagram photos and videos from …" (WhatsMyName). */
export const PROFILE_PAGE = /Posts - See Instagram photos and videos from/;

export const bodyText = (b: Buffer): string => b.toString('utf8');

export function jsonOf(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

export const headerValue = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};

export const pathOf = (u: string): string => {
  try {
    return new URL(u).pathname;
  } catch {
    return '';
  }
};
