// What a YouTube answer says about the channel. Browse answers and channel pages carry the verdict
// in `alerts[].alertRenderer` (type ERROR) when the channel is gone: terminated or removed for a
// violation → suspended, "does not exist" → not_found, "not available in your country" →
// geo_blocked. An age-gated channel shows `channelAgeGateRenderer` ("Sign in to view this
// channel") → login_wall. Transient or foreign answers (429, Google's bot check, the consent
// interstitial, 5xx, garbage, pages that are not channels) are no verdict. Pure.
import type { FetchedPage, PageState } from '../types.js';
import { arr, at, isObj, readAnswer, textOf, type Answer, type Json } from './answer.js';
import { scanTabs, type TabScan } from './videos.js';
import { videoState } from './player.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

// Alert texts (NewPipeExtractor recordings, 2026): "This account has been terminated for a
// violation of YouTube's Terms of Service.", "This account has been terminated because we received
// multiple third-party claims of copyright infringement …", "This channel was removed because it
// violated our Community Guidelines." / "This channel does not exist." /
// "This channel is not available in your country." (modelled; see src/sim/youtube/README.md).
const SUSPENDED = /\bterminated\b|\bremoved\b.*\bviolat|\bviolat(?:ed|ion|ing)\b|\binfringement\b/i;
// Only the channel's own "does not exist": a playlist's ("The playlist does not exist.") is not the account's.
const NOT_FOUND = /\b(?:channel|account|user)\b[^.]*\b(?:does not|doesn['’]t) exist\b/i;
const GEO = /not available in your (?:country|region)|unavailable in your (?:country|region)/i;

// Google's "unusual traffic" bot check (google.com/sorry) and YouTube's cookie consent page.
const BOT_CHECK = /our systems have detected unusual traffic|\/sorry\/index|confirm you['’]re not a bot/i;
const CONSENT = /before you continue to youtube|consent\.youtube\.com/i;

export function classifyYouTube(p: FetchedPage): Classification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429 from YouTube' };
  if (isHost(p.finalUrl, 'consent.youtube.com') || isHost(p.finalUrl, 'consent.google.com')) return { state: 'unknown', reason: 'cookie consent interstitial (redirected to consent page)' };
  if (p.status >= 500) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const a = readAnswer(p);
  return classifyAnswer(a, p);
}

export function classifyAnswer(a: Answer, p: Pick<FetchedPage, 'status' | 'purpose' | 'finalUrl'>): Classification {
  if (a.form === 'html' && !a.data && !a.player) {
    if (BOT_CHECK.test(a.text)) return { state: 'rate_limited', reason: 'bot check ("unusual traffic")' };
    if (CONSENT.test(a.text)) return { state: 'unknown', reason: 'cookie consent interstitial ("Before you continue to YouTube")' };
  }
  if (a.apiError) {
    // navigation/resolve_url answers 404 NOT_FOUND for a handle nobody holds.
    if (a.apiError.code === 404 && a.apiError.status === 'NOT_FOUND') return { state: 'not_found', reason: `YouTube API: ${a.apiError.message || 'NOT_FOUND'}` };
    return { state: 'unknown', reason: `YouTube API error ${a.apiError.code} ${a.apiError.status}` };
  }
  // A watch page carries ytInitialData too (its comments' section): still a video's answer.
  if (a.player && (!a.data || isObj(at(a.data, 'contents', 'twoColumnWatchNextResults')))) {
    // A video's player answer speaks about the video, not the channel: no verdict on the account
    // (parsePost reads the video's own state from it).
    const v = videoState(a.player);
    return { state: 'unknown', reason: `a video's player answer (video ${v.state}${v.reason ? `: ${v.reason}` : ''}); read it with parsePost` };
  }
  if (!a.data) {
    if (p.status === 404 && a.youtube) return { state: 'not_found', reason: 'YouTube answered 404 for the channel page' };
    if (p.status !== 200) return { state: 'unknown', reason: `HTTP ${p.status}` };
    return { state: 'unknown', reason: a.form === 'html' && a.youtube ? 'YouTube page without ytInitialData' : 'not a YouTube answer' };
  }
  return classifyData(a.data, p);
}

function classifyData(data: Json, p: Pick<FetchedPage, 'status' | 'purpose'>): Classification {
  const tabs = scanTabs(data);
  const alert = errorAlert(data);
  // A page that lists videos is not gone, whatever an alert says.
  if (alert && tabs.items.length === 0) {
    if (GEO.test(alert)) return { state: 'geo_blocked', reason: alert };
    if (NOT_FOUND.test(alert)) return { state: 'not_found', reason: alert };
    if (SUSPENDED.test(alert)) return { state: 'suspended', reason: alert };
    return { state: 'unknown', reason: `unrecognised alert: ${alert}` };
  }
  if (tabs.ageGate) {
    const head = textOf(at(tabs.ageGate, 'header')) || 'age-restricted channel';
    return { state: 'login_wall', reason: head };
  }
  if (p.status === 404) return { state: 'not_found', reason: 'YouTube answered 404 for the channel page' };
  if (p.status !== 200) return { state: 'unknown', reason: `HTTP ${p.status}` };
  if (!isChannel(data, tabs)) return { state: 'unknown', reason: 'not a channel page (no channel metadata or tabs)' };
  return listingState(tabs, p.purpose);
}

function listingState(tabs: TabScan, purpose: FetchedPage['purpose']): Classification {
  if (tabs.items.length > 0) return { state: 'ok' };
  // A landing page of an existing channel answers "ok" whatever tab it shows.
  if (purpose === 'landing') return { state: 'ok', reason: 'channel page of an existing channel' };
  // No Videos tab, or an empty one: the channel has no public videos (never proof of anything).
  return { state: 'empty', reason: tabs.videosTab ? 'the Videos tab lists no video' : 'the channel shows no Videos tab' };
}

const isChannel = (data: Json, tabs: TabScan): boolean =>
  isObj(at(data, 'metadata', 'channelMetadataRenderer')) || (tabs.hasTabs && (isObj(at(data, 'header', 'pageHeaderRenderer')) || isObj(at(data, 'header', 'c4TabbedHeaderRenderer'))));

/** The text of the first ERROR alert (`alerts[].alertRenderer`), if any. */
export function errorAlert(data: Json): string | undefined {
  for (const a of arr(data.alerts)) {
    const r = at(a, 'alertRenderer');
    if (isObj(r) && r.type === 'ERROR') {
      const t = textOf(r.text).trim();
      if (t) return t;
    }
  }
  return undefined;
}

function isHost(u: string, host: string): boolean {
  try {
    return new URL(u).hostname.toLowerCase() === host;
  } catch {
    return false;
  }
}
