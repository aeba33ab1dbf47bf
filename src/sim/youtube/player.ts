// Player objects (`/youtubei/v1/player` JSON, and the watch page's ytInitialPlayerResponse) in
// the WEB client's shapes recorded in test/fixtures/youtube/newpipe/np2025-player-web-*.json. A
// removed video answers like the recorded non-existent one (ERROR "Video unavailable"); the
// wording of its subreason and the bot check are modelled (README "Modelling notes").
import type { YtChannel, YtVideo } from './model.js';

type Json = Record<string, unknown>;

/** Modelled: the WEB player's bot check (its text as yt-dlp and NewPipe users quote it). */
export const BOT_CHECK_TEXT = 'Sign in to confirm you’re not a bot';
export const REMOVED_SUBREASON = 'This video has been removed by the uploader';

const icon = { iconType: 'ERROR_OUTLINE' };

function details(c: YtChannel, v: YtVideo): Json {
  return {
    videoId: v.id,
    title: v.title,
    lengthSeconds: String(v.durationSec),
    channelId: c.id,
    isOwnerViewing: false,
    shortDescription: v.description,
    isCrawlable: true,
    allowRatings: true,
    viewCount: String(v.views),
    author: c.title,
    isPrivate: false,
    isUnpluggedCorpus: false,
    isLiveContent: false,
  };
}

function microformat(c: YtChannel, v: YtVideo, origin: string): Json {
  const at = new Date(v.publishedAt).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return {
    playerMicroformatRenderer: {
      embed: { iframeUrl: `${origin}/embed/${v.id}`, width: 1280, height: 720 },
      title: { simpleText: v.title },
      description: { simpleText: v.description },
      lengthSeconds: String(v.durationSec),
      ownerProfileUrl: `http://www.youtube.com/${c.handle}`,
      externalChannelId: c.id,
      isFamilySafe: true,
      isUnlisted: false,
      hasYpcMetadata: false,
      viewCount: String(v.views),
      category: 'News & Politics',
      publishDate: at,
      ownerChannelName: c.title,
      uploadDate: at,
    },
  };
}

export interface PlayerOpts {
  origin: string;
  country: string;
  /** A valid session (SID cookie): the age gate opens. */
  loggedIn: boolean;
}

/** The player answer for a video id (`found` undefined: no such video). */
export function playerFor(found: { channel: YtChannel; video: YtVideo } | undefined, o: PlayerOpts): Json {
  const gone = (sub?: string): Json => ({
    playabilityStatus: {
      status: 'ERROR',
      reason: 'Video unavailable',
      errorScreen: { playerErrorMessageRenderer: { ...(sub ? { subreason: { simpleText: sub } } : {}), reason: { simpleText: 'Video unavailable' }, icon } },
    },
  });
  if (!found) return gone();
  const { channel: c, video: v } = found;
  // A gone channel takes its videos with it (modelled: the terminated-account subreason).
  if (c.state === 'terminated' || c.state === 'removed' || c.state === 'copyright') return gone('This video is no longer available because the YouTube account associated with this video has been terminated.');
  if (c.state === 'deleted') return gone();
  if (v.state === 'deleted') return gone(REMOVED_SUBREASON);
  if (v.state === 'private') {
    return {
      playabilityStatus: {
        status: 'LOGIN_REQUIRED',
        messages: ['This is a private video. Please sign in to verify that you may see it.'],
        errorScreen: { playerErrorMessageRenderer: { subreason: { simpleText: "Sign in if you've been granted access to this video" }, reason: { simpleText: 'Private video' }, icon } },
      },
    };
  }
  const full = { videoDetails: details(c, v), microformat: microformat(c, v, o.origin) };
  if (v.geoBlocked.includes(o.country) || c.geoBlocked.includes(o.country)) {
    return {
      playabilityStatus: {
        status: 'UNPLAYABLE',
        reason: 'Video unavailable',
        errorScreen: { playerErrorMessageRenderer: { subreason: { runs: [{ text: 'The uploader has not made this video available in your country' }] }, reason: { simpleText: 'Video unavailable' }, icon } },
      },
      ...full,
    };
  }
  if (v.state === 'members') {
    const text = "This video is available to this channel's members on level: Supporters (or any higher level). Join this channel to get access to members-only content and other exclusive perks.";
    return { playabilityStatus: { status: 'UNPLAYABLE', reason: text, errorScreen: { playerLegacyDesktopYpcOfferRenderer: { itemTitle: 'Members-only content', offerDescription: text, offerId: 'sponsors_only_video' } }, playableInEmbed: true }, ...full };
  }
  if ((v.state === 'age' || c.state === 'age_gated') && !o.loggedIn) {
    return {
      playabilityStatus: {
        status: 'LOGIN_REQUIRED',
        reason: 'Sign in to confirm your age',
        errorScreen: { playerErrorMessageRenderer: { subreason: { runs: [{ text: 'This video may be inappropriate for some users.' }] }, reason: { simpleText: 'Sign in to confirm your age' }, icon } },
        desktopLegacyAgeGateReason: 1,
      },
      ...full,
    };
  }
  return { playabilityStatus: { status: 'OK', playableInEmbed: true }, ...full };
}

/** The bot check the WEB player answers instead of a video (a transient wall). */
export const botCheckPlayer = (): Json => ({ playabilityStatus: { status: 'LOGIN_REQUIRED', reason: BOT_CHECK_TEXT, errorScreen: { playerErrorMessageRenderer: { reason: { simpleText: BOT_CHECK_TEXT }, icon } } } });
