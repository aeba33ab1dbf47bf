// The simulated YouTube's search results (`/results?search_query=…`), the object the page embeds as
// ytInitialData. Envelope and the "No results found" item as recorded (test/fixtures/youtube/
// newpipe/np-html-results-page-ytInitialData-ytcfg.json: `contents.twoColumnSearchResultsRenderer.
// primaryContents.sectionListRenderer.contents[].itemSectionRenderer.contents[]`,
// `backgroundPromoRenderer`, `estimatedResults`); `videoRenderer` / `channelRenderer` items with the
// fields NewPipeExtractor's YoutubeSearchExtractor, YoutubeStreamInfoItemExtractor and
// YoutubeChannelInfoItemExtractor read (modelled: no recording with results is stored). A channel
// YouTube keeps out of search (the per-channel shadow-ban toggle) is neither listed nor are its
// videos. Pure.
import { listedVideos } from './browse.js';
import { ageText, durationText, subscribersText, viewsText } from './format.js';
import type { YtChannel, YtVideo } from './model.js';

type Json = Record<string, unknown>;

/** `@handle` (a channel and its newest videos) or a quoted phrase (videos whose title holds it). */
export function readSearch(q: string): { handle?: string; phrase?: string; words: string } {
  const t = q.trim();
  const phrase = /^"([^"]+)"$/.exec(t)?.[1]?.replace(/\s+/g, ' ').trim();
  if (phrase) return { phrase, words: phrase };
  const handle = /^@([\w.-]{3,30})$/.exec(t)?.[1];
  return handle ? { handle: `@${handle.toLowerCase()}`, words: t } : { words: t };
}

const owner = (c: YtChannel): Json => ({
  runs: [{ text: c.title, navigationEndpoint: { commandMetadata: { webCommandMetadata: { url: `/${c.handle}`, webPageType: 'WEB_PAGE_TYPE_CHANNEL', rootVe: 3611, apiUrl: '/youtubei/v1/browse' } }, browseEndpoint: { browseId: c.id, canonicalBaseUrl: `/${c.handle}` } } }],
});

function videoRenderer(c: YtChannel, v: YtVideo, now: number, origin: string): Json {
  return {
    videoRenderer: {
      videoId: v.id,
      thumbnail: { thumbnails: [{ url: `${origin}/vi/${v.id}/hq720.jpg`, width: 720, height: 404 }] },
      title: { runs: [{ text: v.title }], accessibility: { accessibilityData: { label: `${v.title} ${durationText(v.durationSec)}` } } },
      longBylineText: owner(c),
      publishedTimeText: { simpleText: ageText(v.publishedAt, now) },
      lengthText: { simpleText: durationText(v.durationSec) },
      viewCountText: { simpleText: viewsText(v.views) },
      navigationEndpoint: { commandMetadata: { webCommandMetadata: { url: `/watch?v=${v.id}`, webPageType: 'WEB_PAGE_TYPE_WATCH', rootVe: 3832 } }, watchEndpoint: { videoId: v.id } },
      ownerText: owner(c),
      shortBylineText: owner(c),
      detailedMetadataSnippets: [{ snippetText: { runs: [{ text: v.description.split('\n')[0] ?? '' }] } }],
    },
  };
}

function channelRenderer(c: YtChannel, origin: string): Json {
  return {
    channelRenderer: {
      channelId: c.id,
      title: { simpleText: c.title },
      navigationEndpoint: { commandMetadata: { webCommandMetadata: { url: `/${c.handle}`, webPageType: 'WEB_PAGE_TYPE_CHANNEL', rootVe: 3611, apiUrl: '/youtubei/v1/browse' } }, browseEndpoint: { browseId: c.id, canonicalBaseUrl: `/${c.handle}` } },
      thumbnail: { thumbnails: [{ url: `${origin}/yt3/${c.id}=s88-c-k-c0x00ffffff-no-rj`, width: 88, height: 88 }] },
      descriptionSnippet: { runs: [{ text: c.description }] },
      shortBylineText: owner(c),
      // Since handles (2023) the row shows the handle where the video count was.
      subscriberCountText: { simpleText: c.handle },
      videoCountText: { simpleText: subscribersText(c.subscribers) },
    },
  };
}

const NO_RESULTS: Json = {
  backgroundPromoRenderer: {
    title: { runs: [{ text: 'No results found' }] },
    bodyText: { runs: [{ text: 'Try different keywords or remove search filters' }] },
    icon: { iconType: 'EMPTY_SEARCH' },
    style: { value: 'BACKGROUND_PROMO_STYLE_TYPE_FULL_HEIGHT' },
  },
};

export interface SearchOpts {
  now: number;
  origin: string;
  /** Country of the requesting vantage: blocked channels and videos are not found there. */
  country: string;
  /** Results on the first page (the site shows about 20). */
  count?: number;
}

const searchable = (c: YtChannel, country: string): boolean => c.state === 'ok' && !c.shadowSearch && !c.geoBlocked.includes(country);

/** The results object for query `q` over every channel of the world. */
export function renderSearch(channels: readonly YtChannel[], q: string, o: SearchOpts): Json {
  const s = readSearch(q);
  const items: Json[] = [];
  const max = o.count ?? 20;
  if (s.handle) {
    const c = channels.find((x) => x.handle === s.handle);
    if (c && searchable(c, o.country)) {
      items.push(channelRenderer(c, o.origin));
      for (const v of listedVideos(c, o.country).slice(0, max - 1)) items.push(videoRenderer(c, v, o.now, o.origin));
    }
  } else if (s.phrase) {
    const needle = s.phrase.toLowerCase();
    for (const c of channels) {
      if (!searchable(c, o.country)) continue;
      for (const v of listedVideos(c, o.country)) if (items.length < max && v.title.replace(/\s+/g, ' ').toLowerCase().includes(needle)) items.push(videoRenderer(c, v, o.now, o.origin));
    }
  }
  return {
    responseContext: { serviceTrackingParams: [{ service: 'GFEEDBACK', params: [{ key: 'logged_in', value: '0' }] }], mainAppWebResponseContext: { loggedOut: true } },
    estimatedResults: String(items.length),
    contents: {
      twoColumnSearchResultsRenderer: {
        primaryContents: {
          sectionListRenderer: {
            contents: [{ itemSectionRenderer: { contents: items.length ? items : [NO_RESULTS] } }],
            subMenu: { searchSubMenuRenderer: {} },
            hideBottomSeparator: true,
            targetId: 'search-feed',
          },
        },
      },
    },
    header: { searchHeaderRenderer: {} },
    targetId: 'search-page',
  };
}
