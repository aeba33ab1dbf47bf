// The scraper contract on real VK recordings: the 2022 m.vk.com wall (UTF-8) and the 2011–2012
// desktop pages (windows-1251, declared only in their <meta>), plus match() normalisation.
import { vkScraper } from '../../../../src/scrapers/vk/index.js';
import { describeScraper } from '../../../helpers/describeScraper.js';

// The desktop pages were served as windows-1251; the header here names no charset, so the <meta> must.
const cp1251 = { 'content-type': 'text/html' };

describeScraper(vkScraper, {
  sampleListingUrl: 'https://m.vk.com/life',
  pages: [
    { file: 'vk/spevktator/vk_life.html', url: 'https://m.vk.com/life', target: 'vk:life', state: 'ok', minPosts: 5, channel: true, pinned: ['-24199209_18932515'] },
    { file: 'vk/group_profile_page.html', url: 'https://vk.com/habr', headers: cp1251, target: 'vk:habr', state: 'ok', minPosts: 10, channel: true },
    { file: 'vk/user_profile_page.html', url: 'https://vk.com/durov', headers: cp1251, target: 'vk:durov', state: 'ok', minPosts: 10, channel: true },
    { file: 'vk/user_profile_page_with_empty_wall.html', url: 'https://vk.com/bobuk', headers: cp1251, target: 'vk:bobuk', state: 'empty', channel: true },
    { file: 'vk/invalid_page.html', url: 'https://vk.com/albums1', headers: cp1251, target: 'vk:durov', state: 'unknown' },
  ],
  matches: [
    ['vk:life', 'life'],
    ['vk:LIFE', 'life'],
    ['vk:@durov', 'durov'],
    ['https://vk.com/durov', 'durov'],
    ['https://m.vk.com/life?offset=5&own=1', 'life'],
    ['vk.com/club24199209', 'club24199209'],
    ['https://vk.com/id1', 'id1'],
    ['https://vk.com/wall-24199209_18981678', 'club24199209'],
    ['https://m.vk.com/wall1_45425', 'id1'],
    ['https://vk.com/basta.noggano', 'basta.noggano'],
    ['https://vk.com/feed', null],
    ['https://vk.com/away.php?to=https%3A%2F%2Flife.ru', null],
    ['https://t.me/durov', null],
    ['https://example.org/life', null],
    ['vk:', null],
    ['life', null],
  ],
});
