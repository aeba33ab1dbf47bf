// Listing pages (t.me/s/<name>) parsed from real captures.
import { describe, expect, it } from 'vitest';
import { telegramScraper as tg } from '../../../../src/scrapers/telegram/index.js';
import { fixturePage } from '../../../helpers/describeScraper.js';

const target = (spec: string) => {
  const t = tg.match(spec);
  if (!t) throw new Error(`bad spec ${spec}`);
  return t;
};

describe('full.html (t.me/s/topwar_official, 2023, re-indented)', () => {
  const obs = tg.parse(fixturePage({ file: 'telegram/any2feed/full.html', url: 'https://t.me/s/topwar_official' }), target('telegram:topwar_official'));
  const post = (num: number) => {
    const p = obs.posts.find((x) => x.key === String(num));
    if (!p) throw new Error(`no post ${num}`);
    return p;
  };

  it('has the channel header', () => {
    expect(obs.state).toBe('ok');
    expect(obs.channel).toMatchObject({
      username: 'topwar_official',
      title: 'Военное обозрение',
      verified: false,
      subscribers: 109000,
      channelId: '1084368520',
      counters: { subscribers: '109K', photos: '19.6K', videos: '15.4K', files: '8', links: '28.6K' },
    });
    expect(obs.channel?.description).toBe('Официальный канал сайта topwar.ru\n\nДля обратной связи: @topwar_feedlback_bot\n\nПо рекламе - писать @effective100');
    expect(obs.channel?.avatarUrl).toMatch(/^https:\/\/cdn4\.telegram-cdn\.org\/file\/rdlhZu1d/);
  });

  it('has 12 message blocks with albums folded into their first post', () => {
    expect(obs.posts.map((p) => p.key)).toEqual(['70989', '70990', '70992', '70995', '70996', '70997', '70998', '70999', '71000', '71006', '71007', '71008']);
    // A message id is both the post's key and its order.
    expect(obs.posts.every((p) => p.order === p.key)).toBe(true);
    expect(post(70992).groupedKeys).toEqual(['70992', '70993', '70994']);
    expect(post(70992).media.map((m) => m.type)).toEqual(['photo', 'photo', 'video']);
    expect(post(71000).groupedKeys).toEqual(['71000', '71001', '71002', '71003', '71004', '71005']);
    expect(post(71000).media).toHaveLength(6);
    expect(obs.range).toEqual({ min: '70989', max: '71008' });
  });

  it('reads the first post exactly', () => {
    const p = post(70989);
    expect(p.id).toBe('topwar_official/70989');
    expect(p.url).toBe('https://t.me/topwar_official/70989');
    expect(p.publishedAt).toBe('2023-02-28T07:47:53.000Z');
    expect(p.views).toBe(37200);
    expect(p.edited).toBe(false);
    // Re-indented source: whitespace collapsed, <br/> kept as a line break.
    expect(p.text).toBe(
      'В Санкт-Петербурге в небо над городом подняли истребители из-за неизвестного объекта в воздухе, аэропорт Пулково не принимает самолеты, сообщает Baza.\nСудя по сервису Flightradar, гражданские самолеты не приближаются к Санкт-Петербургу.',
    );
    expect(p.html).toContain('сообщает Baza.<br/>Судя');
    expect(p.media).toEqual([{ type: 'photo', url: expect.stringMatching(/^https:\/\/cdn4\.telegram-cdn\.org\/file\/J1iJAZ.*\.jpg$/) }]);
  });

  it('reads forward, links and link preview of 70996', () => {
    const p = post(70996);
    expect(p.forwardedFrom).toEqual({ name: 'Военкор Ярем', url: 'https://t.me/yaremshooter/1066' });
    expect(p.links).toEqual(['https://t.me/infantmilitario/93419', 'https://t.me/yaremshooter']);
    expect(p.media).toEqual([
      { type: 'link_preview', url: 'http://t.me/infantmilitario/93419', title: 'Милитарист', thumbUrl: expect.stringMatching(/^https:\/\/cdn4/) },
    ]);
    expect(p.views).toBe(32900);
  });

  it('decodes entities in text but keeps the served HTML', () => {
    expect(post(70995).text).toContain('План "Ковер" отменен');
    expect(post(70995).html).toContain('План &quot;Ковер&quot;');
  });

  it('flags the video the preview does not serve', () => {
    expect(post(71006).media).toEqual([
      { type: 'video', thumbUrl: expect.stringMatching(/^https:/), duration: '2:57', tooBig: true },
    ]);
    expect(post(71006).forwardedFrom?.name).toBe('Старше Эдды');
  });

  it('offers the older page cursor and has not reached the start', () => {
    expect(obs.olderCursor).toBe('70989');
    expect(obs.reachedStart).toBe(false);
    expect(obs.posts.every((p) => p.edited === false)).toBe(true);
  });
});

describe('feedjam page_example (whole channel on one page, raw markup)', () => {
  const obs = tg.parse(fixturePage({ file: 'telegram/feedjam/page_example.html', url: 'https://t.me/s/feedjam' }), target('telegram:feedjam'));

  it('reaches the start and has no older cursor', () => {
    expect(obs.posts.map((p) => p.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(obs.reachedStart).toBe(true);
    expect(obs.olderCursor).toBeUndefined();
    expect(obs.range).toEqual({ min: '1', max: '7' });
  });

  it('marks the "Channel created" service message', () => {
    const first = obs.posts[0];
    expect(first.service).toBe(true);
    expect(first.text).toBe('Channel created');
    expect(first.views).toBeUndefined();
    expect(obs.posts.slice(1).every((p) => p.service === undefined)).toBe(true);
  });

  it('reads singular counters and the photo of post 3', () => {
    expect(obs.channel?.subscribers).toBe(1);
    expect(obs.channel?.counters.subscribers).toBe('1');
    expect(obs.posts[2].media[0]?.type).toBe('photo');
  });
});

describe('live-2026 "No posts found" page', () => {
  const page = fixturePage({ file: 'telegram/telegram-research/live-2026-08-24-s-durov-q-nohits.html', url: 'https://t.me/s/durov?q=zzqwxnonexistentterm12345' });

  it('is empty (not a deletion: Telegram serves this marker transiently too)', () => {
    expect(tg.classify(page)).toEqual({ state: 'empty', reason: 'No posts found' });
    const obs = tg.parse(page, target('telegram:durov'));
    expect(obs.posts).toEqual([]);
    expect(obs.reachedStart).toBe(false);
    expect(obs.range).toBeUndefined();
    expect(obs.channel).toMatchObject({ username: 'durov', title: 'Pavel Durov', verified: true, subscribers: 11_100_000 });
  });
});
