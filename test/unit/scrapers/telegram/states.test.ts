// Account states from landing/preview pages, and the direct-post probe (embed widget).
import { describe, expect, it } from 'vitest';
import { telegramScraper as tg } from '../../../../src/scrapers/telegram/index.js';
import { fixturePage } from '../../../helpers/describeScraper.js';

const durov = tg.match('telegram:durov')!;

describe('landing pages', () => {
  it('C02: the generic "Contact @name" page means the username is free or deleted', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C02-landing-nonexistent.html', url: 'https://t.me/zzqwxnonexistentchannel12345', purpose: 'landing' });
    expect(tg.classify(page).state).toBe('not_found');
    const obs = tg.parse(page, tg.match('telegram:zzqwxnonexistentchannel12345')!);
    expect(obs.state).toBe('not_found');
    expect(obs.channel).toBeUndefined();
  });

  it('feedjam telegram-web.html: a single-post landing (no title block) is NOT not_found', () => {
    const page = fixturePage({ file: 'telegram/feedjam/telegram-web.html', url: 'https://t.me/redakciya_channel/27463', purpose: 'landing' });
    expect(tg.classify(page).state).toBe('unknown');
    expect(tg.parsePost(page, tg.match('telegram:redakciya_channel')!, '27463').state).toBe('no_verdict');
  });

  it('C01: the landing of an existing channel shows it exists, with 11 110 268 subscribers', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C01-landing-durov.html', url: 'https://t.me/durov', purpose: 'landing' });
    expect(tg.classify(page).state).toBe('ok');
    const obs = tg.parse(page, durov);
    expect(obs.channel).toMatchObject({ username: 'durov', title: 'Pavel Durov', verified: true, subscribers: 11110268, description: 'Founder of Telegram.' });
    expect(obs.posts).toEqual([]);
  });

  it('C01 reached by redirect from t.me/s/durov is unknown: its "Preview channel" link contradicts the redirect', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C01-landing-durov.html', url: 'https://t.me/s/durov', finalUrl: 'https://t.me/durov' });
    expect(tg.classify(page).state).toBe('unknown');
  });

  // No real capture of a no-preview redirect exists; minimal landing of a channel with title/extra.
  it('a minimal no-preview landing behind a /s/ redirect is private', () => {
    const body = '<html><head><title>Telegram: Contact @closedchan</title></head><body><div class="tgme_page"><div class="tgme_page_title"><span dir="auto">Closed</span></div><div class="tgme_page_extra">1 234 subscribers</div></div></body></html>';
    const page = fixturePage({ body, url: 'https://t.me/s/closedchan', finalUrl: 'https://t.me/closedchan' });
    expect(tg.classify(page)).toMatchObject({ state: 'private' });
    expect(tg.parse(page, tg.match('telegram:closedchan')!).channel?.subscribers).toBe(1234);
  });
});

describe('blocked channels (no real capture exists: minimal pages with Telegram\'s notice text)', () => {
  const blocked = (text: string) =>
    fixturePage({
      body: `<html><head><title>Telegram: Contact @somechan</title></head><body><div class="tgme_page"><div class="tgme_page_title">X</div><div class="tgme_page_description">${text}</div></div></body></html>`,
      url: 'https://t.me/s/somechan',
      finalUrl: 'https://t.me/somechan',
    });

  it('Terms of Service and pornographic content blocks are restricted, with the reason', () => {
    const tos = tg.classify(blocked("This channel can't be displayed because it violated Telegram's Terms of Service."));
    expect(tos.state).toBe('restricted');
    expect(tos.reason).toBe("This channel can't be displayed because it violated Telegram's Terms of Service.");
    expect(tg.classify(blocked("This channel can't be displayed because it was used to spread pornographic content.")).state).toBe('restricted');
  });

  it('a healthy channel quoting the notice in its description is not restricted', () => {
    const quote = tg.classify(blocked("Independent news. Mirror of a channel that Telegram says: This channel can't be displayed because it violated local laws."));
    expect(quote.state).not.toBe('restricted');
    expect(quote.state).not.toBe('geo_blocked');
  });

  it('local-laws and country blocks are geo_blocked', () => {
    expect(tg.classify(blocked("This channel can't be displayed because it violated local laws.")).state).toBe('geo_blocked');
    expect(tg.classify(blocked('This channel is unavailable in your country.')).state).toBe('geo_blocked');
  });
});

describe('no-verdict answers (no real capture of a 429 exists: minimal inputs)', () => {
  it('429 is rate_limited; 5xx and a Cloudflare-like page are unknown; parse refuses them', () => {
    const p429 = fixturePage({ body: 'Too Many Requests', url: 'https://t.me/s/durov', status: 429 });
    expect(tg.classify(p429).state).toBe('rate_limited');
    expect(() => tg.parse(p429, durov)).toThrow(expect.objectContaining({ code: 'VGL_PARSE_UNEXPECTED_MARKUP' }));
    expect(tg.classify(fixturePage({ body: '<html>oops</html>', url: 'https://t.me/s/durov', status: 503 })).state).toBe('unknown');
    expect(tg.classify(fixturePage({ body: '<html><title>Just a moment...</title></html>', url: 'https://t.me/s/durov' })).state).toBe('unknown');
  });

  it('truncated markup (history without header) is unknown, not empty', () => {
    const body = '<html><body><main class="tgme_main"><section class="tgme_channel_history js-message_history"></section></main></body></html>';
    expect(tg.classify(fixturePage({ body, url: 'https://t.me/s/durov' })).state).toBe('unknown');
  });
});

describe('parsePost (t.me/<name>/<n>?embed=1)', () => {
  it('C05: present, 2026 markup, views 12.5M, author, channel id from data-view', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C05-embed-durov-523.html', url: 'https://t.me/durov/523?embed=1', purpose: 'post' });
    const probe = tg.parsePost(page, durov, '523');
    expect(probe.state).toBe('present');
    expect(probe.post).toMatchObject({
      id: 'durov/523',
      key: '523',
      order: '523',
      url: 'https://t.me/durov/523',
      views: 12_500_000,
      author: 'Pavel Durov',
      publishedAt: '2026-06-09T19:33:51.000Z',
      edited: false,
      text: '⌚️ A fully native Telegram app for Apple Watch is out.',
    });
    expect(probe.post?.html).toContain('<b>Telegram app for Apple Watch</b>');
    expect(probe.post?.media).toHaveLength(1);
    expect(probe.post?.media[0].url).toMatch(/^https:\/\/cdn4\.telesco\.pe\/file\/3d8e6da6a4\.mp4\?token=/);
    // The listing parser takes the channel id from the same attribute.
    expect(tg.classify(page).state).toBe('ok');
  });

  it('C05 channel id: data-view c=-1006503122 and data-peer c1006503122 agree', async () => {
    const { channelIdFrom } = await import('../../../../src/scrapers/telegram/index.js');
    expect(channelIdFrom('eyJjIjotMTAwNjUwMzEyMiwicCI6NTIzLCJ0IjoxNzg3NDMxNjI1LCJoIjoiZjAyOGQ0Nzc0YTEwOGEyZDQ2In0', undefined)).toBe('1006503122');
    expect(channelIdFrom(undefined, 'c1006503122_-3781798829404003073')).toBe('1006503122');
  });

  it('C08: "Post not found" is missing', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C08-embed-tdlibchat-50000.html', url: 'https://t.me/tdlibchat/50000?embed=1', purpose: 'post' });
    expect(tg.parsePost(page, tg.match('telegram:tdlibchat')!, '50000')).toEqual({ state: 'missing', reason: 'Post not found' });
    expect(tg.classify(page).state).toBe('unknown'); // says nothing about the channel itself
  });

  it('429, 5xx and garbage give no verdict', () => {
    const p = (status: number, body: string) => fixturePage({ body, status, url: 'https://t.me/durov/1?embed=1', purpose: 'post' });
    expect(tg.parsePost(p(429, ''), durov, '1').state).toBe('no_verdict');
    expect(tg.parsePost(p(502, '<html>bad gateway</html>'), durov, '1').state).toBe('no_verdict');
    expect(tg.parsePost(p(200, '<html><body>hello</body></html>'), durov, '1').state).toBe('no_verdict');
  });

  it('an embed showing a different post is no verdict, not present', () => {
    const page = fixturePage({ file: 'telegram/telegram-research/C05-embed-durov-523.html', url: 'https://t.me/durov/524?embed=1', purpose: 'post' });
    expect(tg.parsePost(page, durov, '524').state).toBe('no_verdict');
  });
});
