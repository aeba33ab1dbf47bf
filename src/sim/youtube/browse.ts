// Browse objects as YouTube's web client receives them (and as its pages embed them in
// ytInitialData), built only from paths the recorded answers have (test/fixtures/youtube: the
// 2026 Videos tab with lockupViewModel items; the header-only ERROR-alert answer; the age gate).
// The sim-parity test checks that every path here exists in a recording.
import type { YtChannel, YtVideo } from './model.js';
import { ageText, durationText, subscribersText, viewsText } from './format.js';

type Json = Record<string, unknown>;

export const SUSPENSION_TEXT = {
  terminated: "This account has been terminated for a violation of YouTube's Terms of Service.",
  removed: 'This channel was removed because it violated our Community Guidelines.',
  copyright: 'This account has been terminated because we received multiple third-party claims of copyright infringement regarding material that the user posted.',
} as const;
export const NOT_FOUND_TEXT = 'This channel does not exist.';
/** Modelled (no recording): the alert a channel page shows where the channel is blocked. */
export const GEO_BLOCK_TEXT = 'This channel is not available in your country.';

const responseContext = (): Json => ({
  visitorData: 'Cgt5dHNpbS12aXNpdA%3D%3D',
  serviceTrackingParams: [{ service: 'GFEEDBACK', params: [{ key: 'logged_in', value: '0' }] }],
  mainAppWebResponseContext: { loggedOut: true },
});

const web = (url: string, pageType: string): Json => ({ webCommandMetadata: { url, webPageType: pageType, rootVe: pageType === 'WEB_PAGE_TYPE_WATCH' ? 3832 : 3611, apiUrl: '/youtubei/v1/browse' } });

function lockup(v: YtVideo, now: number, origin: string): Json {
  return {
    richItemRenderer: {
      content: {
        lockupViewModel: {
          contentImage: {
            thumbnailViewModel: {
              image: { sources: [{ url: `${origin}/vi/${v.id}/hqdefault.jpg`, width: 336, height: 188 }] },
              overlays: [{ thumbnailBottomOverlayViewModel: { badges: [{ thumbnailBadgeViewModel: { text: durationText(v.durationSec), badgeStyle: 'THUMBNAIL_OVERLAY_BADGE_STYLE_DEFAULT' } }] } }],
            },
          },
          metadata: {
            lockupMetadataViewModel: {
              title: { content: v.title },
              metadata: { contentMetadataViewModel: { metadataRows: [{ metadataParts: [{ text: { content: viewsText(v.views) } }, { text: { content: ageText(v.publishedAt, now) } }] }], delimiter: ' • ' } },
            },
          },
          contentId: v.id,
          contentType: 'LOCKUP_CONTENT_TYPE_VIDEO',
          rendererContext: { commandContext: { onTap: { innertubeCommand: { commandMetadata: { webCommandMetadata: { url: `/watch?v=${v.id}`, webPageType: 'WEB_PAGE_TYPE_WATCH', rootVe: 3832 } }, watchEndpoint: { videoId: v.id } } } } },
        },
      },
    },
  };
}

export interface BrowseOpts {
  now: number;
  origin: string;
  /** Which tab is selected: the Videos tab (listing) or Home (landing). */
  tab: 'videos' | 'home';
  /** Country of the requesting vantage: videos blocked there are left off the tab. */
  country: string;
  /** Videos on the first page (the rest behind a continuation). */
  pageSize?: number;
}

/** The visible videos, newest first. */
export function listedVideos(c: YtChannel, country: string): YtVideo[] {
  return c.videos.filter((v) => v.state === 'public' && !v.geoBlocked.includes(country)).reverse();
}

/** A live channel's browse object with the Videos (or Home) tab selected. */
export function channelBrowse(c: YtChannel, o: BrowseOpts): Json {
  const videos = listedVideos(c, o.country);
  const page = videos.slice(0, o.pageSize ?? 30);
  const base = `/${c.handle}`;
  const tab = (name: string, path: string, params: string, selected: boolean, content?: Json): Json => ({
    tabRenderer: {
      endpoint: { commandMetadata: web(`${base}/${path}`, 'WEB_PAGE_TYPE_CHANNEL'), browseEndpoint: { browseId: c.id, params, canonicalBaseUrl: base } },
      title: name,
      selected,
      ...(content ? { content } : {}),
    },
  });
  const grid: Json = {
    richGridRenderer: {
      contents: [
        ...page.map((v) => lockup(v, o.now, o.origin)),
        ...(videos.length > page.length ? [{ continuationItemRenderer: { trigger: 'CONTINUATION_TRIGGER_ON_ITEM_SHOWN', continuationEndpoint: { commandMetadata: { webCommandMetadata: { sendPost: true, apiUrl: '/youtubei/v1/browse' } }, continuationCommand: { token: `sim-${c.id}-${page.length}`, request: 'CONTINUATION_REQUEST_TYPE_BROWSE' } } } }] : []),
      ],
      targetId: 'browse-feedUCvideos',
      style: 'RICH_GRID_RENDERER_STYLE_TALL_THUMBNAILS',
    },
  };
  return {
    responseContext: responseContext(),
    contents: {
      twoColumnBrowseResultsRenderer: {
        tabs: [
          tab('Home', 'featured', 'EghmZWF0dXJlZPIGBAoCMgA%3D', o.tab === 'home', o.tab === 'home' ? { sectionListRenderer: { contents: [] } } : undefined),
          tab('Videos', 'videos', 'EgZ2aWRlb3PyBgQKAjoA', o.tab === 'videos', o.tab === 'videos' ? grid : undefined),
        ],
      },
    },
    header: {
      pageHeaderRenderer: {
        pageTitle: c.title,
        content: {
          pageHeaderViewModel: {
            title: { dynamicTextViewModel: { text: { content: c.title }, maxLines: 2 } },
            metadata: {
              contentMetadataViewModel: {
                metadataRows: [{ metadataParts: [{ text: { content: c.handle } }] }, { metadataParts: [{ text: { content: subscribersText(c.subscribers) } }, { text: { content: `${videos.length} video${videos.length === 1 ? '' : 's'}` } }] }],
                delimiter: '•',
              },
            },
          },
        },
      },
    },
    metadata: {
      channelMetadataRenderer: {
        title: c.title,
        description: c.description,
        rssUrl: `https://www.youtube.com/feeds/videos.xml?channel_id=${c.id}`,
        externalId: c.id,
        keywords: '',
        ownerUrls: [`http://www.youtube.com/${c.handle}`],
        avatar: { thumbnails: [{ url: `${o.origin}/yt3/${c.id}=s900-c-k-c0x00ffffff-no-rj`, width: 900, height: 900 }] },
        channelUrl: `https://www.youtube.com/channel/${c.id}`,
        isFamilySafe: true,
        vanityChannelUrl: `http://www.youtube.com/${c.handle}`,
      },
    },
    trackingParams: 'CAAQhGciEwj-sim',
  };
}

/** The header-only answer with an ERROR alert (terminated, removed, does not exist, geo-blocked). */
export function alertBrowse(channelId: string, text: string, origin: string): Json {
  return {
    responseContext: responseContext(),
    header: { c4TabbedHeaderRenderer: { channelId, avatar: { thumbnails: [{ url: `${origin}/yt3/a/default-user=s100-c-k-c0x00ffffff-no-rj`, width: 100, height: 100 }] } } },
    alerts: [{ alertRenderer: { type: 'ERROR', text: { simpleText: text } } }],
    trackingParams: 'CAAQhGciEwj-sim',
  };
}

/** The signed-out view of an age-restricted channel (channelAgeGateRenderer). */
export function ageGateBrowse(c: Pick<YtChannel, 'title'>): Json {
  return {
    responseContext: responseContext(),
    contents: {
      twoColumnBrowseResultsRenderer: {
        tabs: [
          {
            tabRenderer: {
              selected: true,
              content: {
                sectionListRenderer: {
                  contents: [
                    {
                      channelAgeGateRenderer: {
                        channelTitle: c.title,
                        header: { runs: [{ text: 'Sign in to view this channel' }] },
                        mainText: { runs: [{ text: 'This channel contains content that may be inappropriate for some users, ' }, { text: 'as determined by the YouTube account owner' }, { text: '. To view this channel, please confirm you are old enough by signing in.' }] },
                        signInButton: { buttonRenderer: { style: 'STYLE_BRAND', size: 'SIZE_DEFAULT', text: { runs: [{ text: 'Sign in' }] } } },
                      },
                    },
                  ],
                },
              },
            },
          },
        ],
      },
    },
    trackingParams: 'CAAQhGciEwj-sim',
  };
}
