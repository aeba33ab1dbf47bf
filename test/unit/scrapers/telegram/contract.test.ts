import { describeScraper } from '../../../helpers/describeScraper.js';
import { telegramScraper } from '../../../../src/scrapers/telegram/index.js';

describeScraper(telegramScraper, {
  sampleListingUrl: 'https://t.me/s/durov',
  pages: [
    { file: 'telegram/any2feed/full.html', url: 'https://t.me/s/topwar_official', target: 'telegram:topwar_official', state: 'ok', minPosts: 12, channel: true },
    { file: 'telegram/feedjam/page_example.html', url: 'https://t.me/s/feedjam', target: 'telegram:feedjam', state: 'ok', minPosts: 7, channel: true },
    {
      file: 'telegram/telegram-research/live-2026-08-24-s-durov-q-nohits.html',
      url: 'https://t.me/s/durov?q=zzqwxnonexistentterm12345',
      target: 'telegram:durov',
      state: 'empty',
      channel: true,
    },
    {
      file: 'telegram/telegram-research/C02-landing-nonexistent.html',
      url: 'https://t.me/zzqwxnonexistentchannel12345',
      purpose: 'landing',
      target: 'telegram:zzqwxnonexistentchannel12345',
      state: 'not_found',
    },
    { file: 'telegram/telegram-research/C01-landing-durov.html', url: 'https://t.me/durov', purpose: 'landing', target: 'telegram:durov', state: 'ok', channel: true },
    // No real capture of a blocked channel exists; minimal page with Telegram's notice text.
    {
      body: '<html><head><title>Telegram: Contact @blockedchan</title></head><body><div class="tgme_page"><div class="tgme_page_title">Blocked</div><div class="tgme_page_description">This channel can\'t be displayed because it violated Telegram\'s Terms of Service.</div></div></body></html>',
      url: 'https://t.me/s/blockedchan',
      finalUrl: 'https://t.me/blockedchan',
      target: 'telegram:blockedchan',
      state: 'restricted',
    },
  ],
  matches: [
    ['telegram:durov', 'durov'],
    ['telegram:Durov', 'durov'],
    ['@durov', 'durov'],
    ['https://t.me/durov', 'durov'],
    ['https://t.me/s/durov', 'durov'],
    ['https://t.me/s/durov?before=100', 'durov'],
    ['t.me/durov/123', 'durov'],
    ['http://telegram.me/Topwar_Official', 'topwar_official'],
    ['telegram:abc', null], // too short (5–32)
    ['telegram:1durov', null], // must start with a letter
    ['telegram:a_very_long_username_that_is_over_32', null],
    ['https://example.com/durov', null],
    ['https://t.me/+AbCdEfGh', null], // invite link, not a public username
    ['durov', null],
    ['https://t.me/joinchat/AAAAAEkk2WdoDrB4-Q8-gg', null],
    ['https://t.me/share/url?url=x', null],
    ['tg:durov', 'durov'],
  ],
});
