// A video's own state from its player answer (`/youtubei/v1/player` JSON, or the watch page's
// ytInitialPlayerResponse): `playabilityStatus.status` and its texts. Recorded answers
// (NewPipeExtractor, WEB and ANDROID clients): OK; ERROR "Video unavailable" (no such video,
// removed); LOGIN_REQUIRED "This video is private" / errorScreen "Private video";
// LOGIN_REQUIRED "Sign in to confirm your age"; UNPLAYABLE with "…not made this video available
// in your country" (ANDROID `reason`, WEB `errorScreen…subreason`); UNPLAYABLE members-only and
// Music Premium. Only `missing` can confirm a deletion; private, geo-blocked and walled videos
// still exist. Pure.
import { arr, at, isObj, textOf, type Json } from './answer.js';

export type VideoState = 'present' | 'missing' | 'private' | 'geo_blocked' | 'login_wall' | 'unknown';

export interface VideoVerdict {
  state: VideoState;
  /** The platform's own words (reason, subreason, messages). */
  reason?: string;
}

const GEO = /not (?:made this video )?available in your country|not available in your country|country domain due to a legal complaint/i;
const PRIVATE = /\bprivate video\b|this video is private/i;
const AGE = /confirm your age|age-restricted|inappropriate for some users/i;
const BOT = /not a bot/i;
const MEMBERS = /\bmembers\b|\bmembers-only\b|join this channel/i;
// ERROR texts that mean the video is gone (recorded: "Video unavailable"; the others appear in
// the same field for removed videos, quoted by yt-dlp and downstream classifiers).
const GONE = /video unavailable|isn['’]t available anymore|no longer available|has been removed|been terminated|removed for violating|removed by the uploader|does not exist/i;

/** The texts YouTube gives with a status: reason, errorScreen reason/subreason, messages. */
function textsOf(ps: Json): string[] {
  const screen = at(ps, 'errorScreen', 'playerErrorMessageRenderer');
  const offer = at(ps, 'errorScreen', 'playerLegacyDesktopYpcOfferRenderer');
  return [
    typeof ps.reason === 'string' ? ps.reason : '',
    textOf(at(screen, 'reason')),
    textOf(at(screen, 'subreason')),
    ...arr(ps.messages).map((m) => (typeof m === 'string' ? m : '')),
    typeof at(offer, 'itemTitle') === 'string' ? String(at(offer, 'itemTitle')) : '',
  ].filter((t, i, all) => t.trim() !== '' && all.indexOf(t) === i);
}

export function videoState(player: Json): VideoVerdict {
  const ps = isObj(player.playabilityStatus) ? player.playabilityStatus : undefined;
  if (!ps || typeof ps.status !== 'string') return { state: 'unknown', reason: 'player answer without playabilityStatus' };
  const texts = textsOf(ps);
  const all = texts.join(' · ');
  const said = (state: VideoState): VideoVerdict => (all ? { state, reason: all } : { state });
  switch (ps.status) {
    case 'OK':
    case 'LIVE_STREAM_OFFLINE': // a scheduled or ended live stream: the video exists
      return said('present');
    case 'ERROR':
      // A legal or regional block is sometimes worded as an error: the video still exists elsewhere.
      if (GEO.test(all)) return said('geo_blocked');
      return GONE.test(all) ? said('missing') : said('unknown');
    case 'LOGIN_REQUIRED':
      if (PRIVATE.test(all)) return said('private');
      return said('login_wall'); // age gate, bot check, anything else that wants a sign-in
    case 'UNPLAYABLE':
      if (GEO.test(all)) return said('geo_blocked');
      if (MEMBERS.test(all) || AGE.test(all) || BOT.test(all) || /sign in/i.test(all)) return said('login_wall');
      return said('unknown');
    case 'AGE_CHECK_REQUIRED':
    case 'AGE_VERIFICATION_REQUIRED':
    case 'CONTENT_CHECK_REQUIRED':
      return said('login_wall');
    default:
      return { state: 'unknown', reason: `playability status ${ps.status}${all ? `: ${all}` : ''}` };
  }
}

/** The player's video details: id, title, description, views, exact publication time. */
export interface PlayerVideo {
  id?: string;
  title?: string;
  description?: string;
  views?: number;
  publishedAt?: string;
  duration?: string;
  channelId?: string;
}

export function playerVideo(player: Json): PlayerVideo {
  const d = isObj(player.videoDetails) ? player.videoDetails : {};
  const mf = at(player, 'microformat', 'playerMicroformatRenderer');
  const out: PlayerVideo = {};
  if (typeof d.videoId === 'string') out.id = d.videoId;
  const title = typeof d.title === 'string' ? d.title : textOf(at(mf, 'title'));
  if (title) out.title = title;
  const description = typeof d.shortDescription === 'string' ? d.shortDescription : textOf(at(mf, 'description'));
  if (description) out.description = description;
  const views = Number(d.viewCount ?? at(mf, 'viewCount'));
  if (Number.isSafeInteger(views) && views >= 0 && (d.viewCount ?? at(mf, 'viewCount')) !== undefined) out.views = views;
  const pub = at(mf, 'publishDate') ?? at(mf, 'uploadDate');
  if (typeof pub === 'string' && !Number.isNaN(Date.parse(pub))) out.publishedAt = new Date(pub).toISOString();
  const secs = Number(d.lengthSeconds);
  if (Number.isSafeInteger(secs) && secs > 0) out.duration = duration(secs);
  if (typeof d.channelId === 'string') out.channelId = d.channelId;
  return out;
}

/** 268 → "4:28", 4054 → "1:07:34" (as the Videos tab prints durations). */
export function duration(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
