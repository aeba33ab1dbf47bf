// The scraper contract on Instagram answers. No licensed real recording of Instagram exists
// (test/fixtures/instagram/PROVENANCE.md): the answers follow the documented web_profile_info
// structure and the quoted strings, and the simulator is pinned to the same markers
// (test/integration/sim-instagram.test.ts).
import { describeScraper } from '../../../helpers/describeScraper.js';
import { instagramScraper } from '../../../../src/scrapers/instagram/index.js';
import { HTML_HEADERS, JSON_HEADERS, LOGIN_HTML, SIX, UNAVAILABLE_HTML, profile } from './answers.js';

const API = 'https://www.instagram.com/api/v1/users/web_profile_info/?username=adrianhorning';

describeScraper(instagramScraper, {
  sampleListingUrl: API,
  pages: [
    { body: profile({ nodes: SIX, count: 71, hasNext: true }), headers: JSON_HEADERS, url: API, target: 'instagram:adrianhorning', state: 'ok', minPosts: 6, channel: true },
    { body: profile({ nodes: [] }), headers: JSON_HEADERS, url: API, target: 'instagram:adrianhorning', state: 'empty', channel: true },
    { body: profile({ isPrivate: true, count: 40 }), headers: JSON_HEADERS, url: API, target: 'instagram:adrianhorning', state: 'private' },
    { body: profile({ countryBlock: true }), headers: JSON_HEADERS, url: API, target: 'instagram:adrianhorning', state: 'geo_blocked' },
    { body: UNAVAILABLE_HTML, headers: HTML_HEADERS, status: 404, url: API, target: 'instagram:adrianhorning', state: 'not_found' },
    { body: UNAVAILABLE_HTML, headers: HTML_HEADERS, status: 200, url: 'https://www.instagram.com/adrianhorning/', purpose: 'landing', target: 'instagram:adrianhorning', state: 'not_found' },
    // Walls: the logged-out API answer, an expired session, the login redirect, "please wait".
    { body: '{"require_login":true,"status":"fail"}', headers: JSON_HEADERS, status: 401, url: API, target: 'instagram:adrianhorning', state: 'login_wall' },
    { body: '{"message": "login_required", "error_title": "You\'ve Been Logged Out", "error_body": "Please log back in.", "logout_reason": 8, "status": "fail"}', headers: JSON_HEADERS, status: 403, url: API, target: 'instagram:adrianhorning', state: 'login_wall' },
    { body: LOGIN_HTML, headers: HTML_HEADERS, url: API, finalUrl: 'https://www.instagram.com/accounts/login/?next=%2Fadrianhorning%2F', target: 'instagram:adrianhorning', state: 'login_wall' },
    { body: '{"message":"Please wait a few minutes before you try again.","require_login":true,"status":"fail"}', headers: JSON_HEADERS, status: 401, url: API, target: 'instagram:adrianhorning', state: 'login_wall' },
    { body: '{"message":"Please wait a few minutes before you try again.","status":"fail"}', headers: JSON_HEADERS, status: 400, url: API, target: 'instagram:adrianhorning', state: 'rate_limited' },
    { body: '{"message":"useragent mismatch","status":"fail"}', headers: JSON_HEADERS, status: 400, url: API, target: 'instagram:adrianhorning', state: 'unknown' },
    { body: '<html><body><h2>Allow the use of cookies from Instagram on this browser?</h2></body></html>', headers: HTML_HEADERS, url: API, target: 'instagram:adrianhorning', state: 'login_wall' },
    { body: '', headers: HTML_HEADERS, status: 404, url: 'https://www.instagram.com/adrianhorning/', purpose: 'landing', target: 'instagram:adrianhorning', state: 'unknown' },
  ],
  matches: [
    ['instagram:natgeo', 'natgeo'],
    ['instagram:@NatGeo', 'natgeo'],
    ['ig:nat.geo_1', 'nat.geo_1'],
    ['https://www.instagram.com/natgeo/', 'natgeo'],
    ['instagram.com/NatGeo?hl=en', 'natgeo'],
    ['https://instagr.am/natgeo', 'natgeo'],
    ['https://www.instagram.com/p/DEiyb48AeB9/', null],
    ['https://www.instagram.com/explore/tags/x/', null],
    ['https://www.instagram.com/accounts/login/', null],
    ['instagram:.natgeo', null],
    ['instagram:nat..geo', null],
    ['instagram:a_name_that_is_far_too_long_for_ig', null],
    ['https://example.com/natgeo', null],
    ['natgeo', null],
  ],
});
