// The scraper contract on NewPipeExtractor's real recordings of YouTube (browse JSON of channels in
// every state, a real HTML page embedding ytInitialData) plus transient answers.
import { describeScraper, type PageCase } from '../../../helpers/describeScraper.js';
import { youtubeScraper } from '../../../../src/scrapers/youtube/index.js';
import { recording } from './fixtures.js';
import type { PageState } from '../../../../src/scrapers/types.js';

const rec = (file: string, target: string, state: PageState, more: Partial<PageCase> = {}): PageCase => {
  const r = recording(file);
  // `file` only names the case: the body is the recording's unwrapped server answer.
  return { file: `youtube/newpipe/${file}`, body: r.body, url: r.url, status: r.status, headers: r.headers, target, state, ...more };
};

describeScraper(youtubeScraper, {
  sampleListingUrl: 'https://www.youtube.com/@creativecommons/videos',
  pages: [
    rec('np-channel-browse-ok-videos-tab-creativecommons.json', 'youtube:@creativecommons', 'ok', { minPosts: 30, channel: true }),
    rec('np-channel-browse-ok-videos-tab-randomchannel.json', 'youtube:UCUaQMQS9lY5lit3vurpXQ6w', 'ok', { minPosts: 1, channel: true }),
    rec('np-channel-browse-terminated-tos-UCTGjY2I.json', 'youtube:UCTGjY2I-ZUGnwVoWAGRd7XQ', 'suspended'),
    rec('np-channel-browse-removed-community-guidelines.json', 'youtube:UCoaO4U_p7G7AwalqSbGCZOA', 'suspended'),
    rec('np-channel-browse-terminated-copyright.json', 'youtube:UCI4i4RgFT5ilfMpna4Z_Y8w', 'suspended'),
    rec('np-channel-browse-does-not-exist.json', 'youtube:UCAUc4iz6edWerIjlnL8OSSw', 'not_found'),
    rec('np-channel-resolve-url-404-nonexistent-handle.json', 'youtube:@nonexistinghandlethatwillneverexist15464', 'not_found'),
    rec('np-channel-browse-age-gate-signin.json', 'youtube:UCbfnHqxXs_K3kvaH-WlNlig', 'login_wall'),
    // No verdict: a malformed id (400), Google's 404 page for a feed, a search-results page, a
    // playlist's alert, player answers (they speak about a video, not the channel), the reel
    // endpoint's empty `{}`.
    rec('np-channel-browse-invalid-id-400.json', 'youtube:@doesntexist', 'unknown'),
    rec('np-channel-feed-404-terminated.json', 'youtube:UCTGjY2I-ZUGnwVoWAGRd7XQ', 'unknown'),
    rec('np-html-results-page-ytInitialData-ytcfg.json', 'youtube:@creativecommons', 'unknown'),
    rec('np-playlist-browse-does-not-exist.json', 'youtube:@creativecommons', 'unknown'),
    rec('np2025-player-web-error-nonexistent.json', 'youtube:@creativecommons', 'unknown', { purpose: 'post' }),
    rec('np2025-player-web-ok.json', 'youtube:@creativecommons', 'unknown', { purpose: 'post' }),
    rec('np-reel-android-nonexistent-empty.json', 'youtube:@creativecommons', 'unknown', { purpose: 'post' }),
  ],
  matches: [
    ['youtube:@creativecommons', '@creativecommons'],
    ['youtube:@CreativeCommons', '@creativecommons'],
    ['youtube:creativecommons', '@creativecommons'],
    ['yt:@creativecommons', '@creativecommons'],
    ['youtube:UCTwECeGqMZee77BjdoYtI2Q', 'UCTwECeGqMZee77BjdoYtI2Q'],
    ['https://www.youtube.com/@creativecommons/videos', '@creativecommons'],
    ['https://m.youtube.com/@creativecommons', '@creativecommons'],
    ['youtube.com/channel/UCTwECeGqMZee77BjdoYtI2Q/videos', 'UCTwECeGqMZee77BjdoYtI2Q'],
    ['https://www.youtube.com/channel/UCTwECeGqMZee77BjdoYtI2Q', 'UCTwECeGqMZee77BjdoYtI2Q'],
    ['https://www.youtube.com/@%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8', '@новости'],
    ['youtube:@ab', null], // handles have at least 3 characters
    ['youtube:UCshort', '@ucshort'], // not a channel id (24 characters): read as a handle
    ['https://www.youtube.com/watch?v=BD-LB23rRBE', null], // a video, not a channel
    ['https://www.youtube.com/feeds/videos.xml?channel_id=UCTwECeGqMZee77BjdoYtI2Q', null], // the rss platform's
    ['https://www.youtube.com/c/creativecommons', null],
    ['https://example.com/@creativecommons', null],
    ['@creativecommons', null], // bare @names are Telegram's
  ],
});
