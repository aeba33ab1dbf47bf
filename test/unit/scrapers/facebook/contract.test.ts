// The scraper contract on real Facebook answers: the 2021 mobile site recorded by
// kevinzg/facebook-scraper (test/fixtures/facebook/PROVENANCE.md). No real recording of the
// "unavailable", login and country-block pages exists: those are short pages with the quoted
// strings, and the simulator is pinned to them (test/integration/sim-facebook.test.ts).
import { describeScraper } from '../../../helpers/describeScraper.js';
import { facebookScraper } from '../../../../src/scrapers/facebook/index.js';
import { fbFixtureText } from './fixtures.js';

const LIST = 'https://m.facebook.com/Nintendo/posts/';
const chrome = (body: string): string => `<!DOCTYPE html><html lang="en"><head><title>Facebook</title><link href="https://static.xx.fbcdn.net/rsrc.php/v3/yj/r/gB76kJXPYJV.png" rel="shortcut icon" /></head><body><div id="root" role="main">${body}</div></body></html>`;

describeScraper(facebookScraper, {
  sampleListingUrl: LIST,
  pages: [
    { body: fbFixtureText('page-posts-list-Nintendo-2021-06-08.html'), url: LIST, target: 'facebook:nintendo', state: 'ok', minPosts: 2, channel: true },
    {
      body: fbFixtureText('page-posts-pagination-more-2021-06-08.html'),
      url: 'https://m.facebook.com/page_content_list_view/more/?page_id=119240841493711&start_cursor=%7B%22timeline_cursor%22%3A%22AQHR%22%7D&num_to_fetch=4&surface_type=posts_tab',
      target: 'facebook:nintendo',
      state: 'ok',
      minPosts: 4,
    },
    // A post's own pages answer for the account (landing/post purpose), never as a listing.
    { body: fbFixtureText('page-single-post-4194934713924283-2021-06-08.html'), url: 'https://m.facebook.com/Nintendo/posts/4194934713924283', purpose: 'post', target: 'facebook:nintendo', state: 'ok' },
    { body: fbFixtureText('page-story-php-3065154550235644-2021-06-08.html'), url: 'https://m.facebook.com/3065154550235644', finalUrl: 'https://m.facebook.com/story.php?story_fbid=3065154550235644&id=119240841493711', purpose: 'post', target: 'facebook:nintendo', state: 'ok' },
    { body: fbFixtureText('page-single-post-4194934713924283-2021-06-08.html'), url: LIST, target: 'facebook:nintendo', state: 'unknown' },
    // Quoted strings (no recording): the one "unavailable" page, its older mobile form, the www form.
    { body: chrome('<h2>This content isn&#039;t available right now</h2><div>When this happens, it&#039;s usually because the owner only shared it with a small group of people, changed who can see it or it&#039;s been deleted.</div>'), url: LIST, target: 'facebook:nintendo', state: 'not_found' },
    { body: chrome('<h2 class="accessible_elem">Sorry, this content isn&#039;t available at the moment</h2>'), url: LIST, target: 'facebook:nintendo', state: 'not_found' },
    { body: chrome('<h2>This page isn&#039;t available</h2><span>The link you followed may be broken, or the page may have been removed.</span>'), status: 404, url: LIST, target: 'facebook:nintendo', state: 'not_found' },
    { body: chrome('<h2>This content is not available in your country.</h2>'), url: LIST, target: 'facebook:nintendo', state: 'geo_blocked' },
    // Walls and interstitials: never verdicts.
    { body: chrome('<div>You must log in to continue.</div><form id="login_form"></form>'), url: LIST, finalUrl: 'https://m.facebook.com/login/?next=https%3A%2F%2Fm.facebook.com%2FNintendo%2Fposts%2F', target: 'facebook:nintendo', state: 'login_wall' },
    { body: chrome('<div>You must log in to continue.</div><form id="login_form"></form>'), url: LIST, target: 'facebook:nintendo', state: 'login_wall' },
    { body: chrome('<h2>Security Check</h2>'), url: LIST, finalUrl: 'https://m.facebook.com/checkpoint/block/?next=%2F', target: 'facebook:nintendo', state: 'login_wall' },
    { body: chrome('<h2>Allow the use of cookies from Facebook on this browser?</h2>'), url: LIST, target: 'facebook:nintendo', state: 'login_wall' },
    { body: 'for (;;);{"error":1357001,"errorSummary":"Not logged in","payload":null}', url: LIST, target: 'facebook:nintendo', state: 'unknown' },
  ],
  matches: [
    ['facebook:nintendo', 'nintendo'],
    ['fb:Nintendo', 'nintendo'],
    ['https://www.facebook.com/Nintendo/', 'nintendo'],
    ['https://m.facebook.com/Nintendo/posts/', 'nintendo'],
    ['https://m.facebook.com/Nintendo/posts/4194934713924283', 'nintendo'],
    ['facebook.com/pg/memorial.hrc/posts/', 'memorial.hrc'],
    ['https://www.facebook.com/profile.php?id=100064400000000', '100064400000000'],
    ['https://www.facebook.com/pages/Some-Page/119240841493711', '119240841493711'],
    ['https://mbasic.facebook.com/nintendo', 'nintendo'],
    ['https://www.facebook.com/groups/117507531664134/', null],
    ['https://www.facebook.com/story.php?story_fbid=1&id=2', null],
    ['https://www.facebook.com/login/', null],
    ['facebook:ab', null],
    ['https://example.com/nintendo', null],
    ['nintendo', null],
  ],
});
