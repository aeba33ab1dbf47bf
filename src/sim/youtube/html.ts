// Page shells around the objects: YouTube's pages assign them in a <script> exactly like the
// recorded desktop page (test/fixtures/youtube/newpipe/np-html-results-page-ytInitialData-ytcfg.json):
// `ytcfg.set({…})`, then `var ytInitialData = {…};` (a watch page: `var ytInitialPlayerResponse =
// {…};var meta = …`). JSON goes in with `<` escaped as \u003c, as YouTube does, so no `</script>`
// can end the script early. Interstitial pages are modelled (README "Modelling notes").
import { escHtml } from './format.js';

type Json = Record<string, unknown>;

const NONCE = 'c2ltLW5vbmNl';
const json = (v: Json): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const ytcfg = `<script nonce="${NONCE}">ytcfg.set({"INNERTUBE_API_KEY":"AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8","INNERTUBE_CLIENT_NAME":"WEB","INNERTUBE_CLIENT_VERSION":"2.20260520.01.00","HL":"en","GL":"DE"});</script>`;

function shell(title: string, body: string): string {
  return `<!DOCTYPE html><html style="font-size: 10px;font-family: Roboto, Arial, sans-serif;" lang="en" darker-dark-theme darker-dark-theme-deprecate system-icons typography typography-spacing><head><meta http-equiv="origin-trial" content=""><title>${escHtml(title)}</title><link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">${ytcfg}</head><body dir="ltr"><ytd-app></ytd-app>${body}</body></html>`;
}

/** A channel page (or any browse page) embedding its ytInitialData. */
export const browsePage = (title: string, data: Json): string =>
  shell(`${title} - YouTube`, `<script nonce="${NONCE}">if (window.ytcsi) {window.ytcsi.tick('pdc', null, '');}</script><script nonce="${NONCE}">var ytInitialData = ${json(data)};</script>`);

/** A search results page (`/results?search_query=`) embedding its ytInitialData. */
export const searchPage = (query: string, data: Json): string => browsePage(query, data);

/** A watch page embedding its ytInitialPlayerResponse, and (a playable video) its ytInitialData with the comment section. */
export const watchPage = (title: string, player: Json, data?: Json): string =>
  shell(
    `${title} - YouTube`,
    `<script nonce="${NONCE}">var ytInitialPlayerResponse = ${json(player)};var meta = document.createElement('meta'); meta.name = 'referrer'; meta.content = 'origin-when-cross-origin'; document.getElementsByTagName('head')[0].appendChild(meta);</script>` +
      (data ? `<script nonce="${NONCE}">var ytInitialData = ${json(data)};</script>` : ''),
  );

/** Modelled: the site's 404 page for a path that names no channel (a YouTube shell, no ytInitialData). */
export const notFoundPage = (): string => shell('404 Not Found', '<div id="error-page"><p>This page isn\'t available. Sorry about that.</p><p>Try searching for something else.</p></div>');

/** Modelled: the cookie consent interstitial (consent.youtube.com) for cookie-less visitors. */
export const consentPage = (): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Before you continue to YouTube</title></head><body><h1>Before you continue to YouTube</h1><p>We use cookies and data to deliver and maintain Google services.</p><form method="POST" action="/save"><button>Reject all</button><button>Accept all</button></form></body></html>`;

/** Google's "unusual traffic" page (google.com/sorry), served with HTTP 429. */
export const sorryPage = (): string =>
  `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"><title>https://www.youtube.com/</title></head><body><div>Our systems have detected unusual traffic from your computer network. This page checks to see if it's really you sending the requests, and not a robot.</div></body></html>`;

/** Something that is not YouTube at all (a captive portal). */
export const garbagePage = (): string => '<html><head><title>Hotel WiFi</title></head><body><p>Please accept the terms to continue.</p></body></html>';
