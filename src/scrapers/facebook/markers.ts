// Facebook's answers that are not a Page's posts, as recorded or quoted elsewhere
// (test/fixtures/facebook/PROVENANCE.md). Pure.

/**
 * Facebook's one answer for a Page or post that is deleted, unpublished, restricted to an audience
 * or removed: "This content isn't available right now" (www and the mobile site), the older mobile
 * form "Sorry, this content isn't available at the moment", and "This page isn't available" with
 * "The link you followed may be broken, or the page may have been removed." Served HTML-escaped.
 */
const APOS = "(?:'|&#0?39;|&#x27;|&apos;|’)";
export const UNAVAILABLE = new RegExp(`This content isn${APOS}t available (?:right now|at the moment)|This page isn${APOS}t available|The link you followed may be broken, or the page may have been removed`, 'i');

/** The reason every "unavailable" answer carries into its state and its event. */
export const UNAVAILABLE_REASON = 'unavailable: "This content isn\'t available right now" (deleted, unpublished, restricted or removed: Facebook shows one page for all)';

/** Withheld in the requesting country (strings quoted by a takedown-monitoring script). */
export const GEO = /(?:This (?:content|post|photo|video|page) is(?:n(?:'|&#0?39;|’)t| not) available in your country|Restricted (?:Photo|Video))/i;

/** Login walls and checkpoints: the login route, its form, "You must log in to continue". */
export const LOGIN_PATH = /^\/(?:login(?:\.php)?|checkpoint|recover|cookie\/consent)(?:\/|$)/i;
export const LOGIN_PAGE = /You must log in to continue|Log [Ii]nto Facebook|id="login_form"|id="loginform"|name="login_form"/;

/** The cookie consent interstitial. */
export const CONSENT = /Allow (?:the )?use of cookies (?:from|by) Facebook/i;

/** The mobile site answers its "more" requests with a script-guarded JSON payload. */
export const PAYLOAD_PREFIX = 'for (;;);';

/** Markup that only Facebook serves (its CDN, its page chrome). */
export const FACEBOOK_MARKUP = /static\.xx\.fbcdn\.net|data-sigil="|id="pages_msite_body_contents"/;

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
