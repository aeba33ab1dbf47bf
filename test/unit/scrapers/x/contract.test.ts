// The scraper contract on real recorded X answers (twscrape, OpenTween; test/fixtures/x/PROVENANCE.md).
import { describeScraper } from '../../../helpers/describeScraper.js';
import { xScraper } from '../../../../src/scrapers/x/index.js';
import { graphqlUrl } from '../../../../src/scrapers/x/graphql.js';
import { XSettings } from '../../../../src/scrapers/x/settings.js';

const s = XSettings.parse({});
const landing = (screen_name: string) => graphqlUrl(s, 'UserByScreenName', { screen_name });
const timeline = (userId: string) => graphqlUrl(s, 'UserTweets', { userId, count: 20 });
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describeScraper(xScraper, {
  sampleListingUrl: timeline('2244994945'),
  pages: [
    { file: 'x/twscrape/raw_user_tweets.json', url: timeline('2244994945'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'ok', minPosts: 18, channel: true },
    { file: 'x/opentween/UserTweetsAndReplies_SimpleTweet.json', url: timeline('40480664'), headers: JSON_TYPE, target: 'x:kim_upsilon', state: 'ok', minPosts: 1, channel: true },
    { file: 'x/twscrape/raw_user_by_login.json', url: landing('XDevelopers'), purpose: 'landing', headers: JSON_TYPE, target: 'x:XDevelopers', state: 'ok', channel: true },
    { file: 'x/opentween/UserByScreenName.json', url: landing('opentween'), purpose: 'landing', headers: JSON_TYPE, target: 'x:opentween', state: 'ok', channel: true },
    { file: 'x/opentween/UserByScreenName_Suspended.json', url: landing('gone'), purpose: 'landing', headers: JSON_TYPE, target: 'x:gone', state: 'suspended' },
    { file: 'x/opentween/UserByScreenName_Empty.json', url: landing('nobody'), purpose: 'landing', headers: JSON_TYPE, target: 'x:nobody', state: 'not_found' },
    { file: 'x/twscrape-issue346/user_by_id_not_found.json', url: landing('nobody'), purpose: 'landing', headers: JSON_TYPE, target: 'x:nobody', state: 'not_found' },
    // An empty user WITH DeadlineExceeded is a server timeout: no verdict, never "deleted".
    { file: 'x/twscrape-issue346/deadline_exceeded_empty_user.json', url: landing('busy'), purpose: 'landing', headers: JSON_TYPE, target: 'x:busy', state: 'unknown' },
    // UserTweets of an unavailable user without a reason says nothing definite.
    { file: 'x/twscrape-issue346/user_tweets_unavailable.json', url: timeline('1'), headers: JSON_TYPE, target: 'x:someone', state: 'unknown' },
    // X's in-band daily limit (a 200 answer) is a rate limit.
    { file: 'x/opentween/HomeLatestTimeline_RateLimit.json', url: timeline('2244994945'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'rate_limited' },
    // Session failures (401 code 32, 403) and a login redirect are a login wall, never a takedown.
    { body: '{"errors":[{"code":32,"message":"Could not authenticate you."}]}', status: 401, url: timeline('2244994945'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'login_wall' },
    { body: '{"errors":[{"code":239,"message":"Bad guest token."}]}', status: 403, url: landing('XDevelopers'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'login_wall' },
    { body: '<html><body>Log in to X</body></html>', url: timeline('2244994945'), finalUrl: 'https://x.com/i/flow/login', target: 'x:XDevelopers', state: 'login_wall' },
    // A 200 answer carrying error 88 is a rate limit too.
    { body: '{"errors":[{"code":88,"message":"Rate limit exceeded."}]}', url: landing('XDevelopers'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'rate_limited' },
    // A captcha / bot-check page or a consent interstitial instead of JSON: unknown.
    { body: '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>', url: landing('XDevelopers'), target: 'x:XDevelopers', state: 'unknown' },
    { body: '{"data":{"user":{"result":{"__typ', url: landing('XDevelopers'), headers: JSON_TYPE, target: 'x:XDevelopers', state: 'unknown' },
  ],
  matches: [
    ['x:XDevelopers', 'xdevelopers'],
    ['x:@jack', 'jack'],
    ['twitter:jack', 'jack'],
    ['https://x.com/jack', 'jack'],
    ['https://twitter.com/Jack/status/20', 'jack'],
    ['mobile.twitter.com/jack/with_replies', 'jack'],
    ['https://x.com/i/flow/login', null],
    ['https://x.com/search?q=jack', null],
    ['x:this_handle_is_far_too_long', null],
    ['x:bad-handle', null],
    ['https://t.me/jack', null],
    ['@jack', null],
  ],
});
