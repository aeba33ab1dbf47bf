// A post's public comments from Telegram's comments widget (?embed=1&discussion=1). No recording
// of the widget with clear provenance exists; the simulator renders the documented markup and
// texts (src/sim/README.md "Modelling notes"), and this pins parser and sim page to them.
import { describe, expect, it } from 'vitest';
import { telegramScraper, TelegramSettings } from '../../../../src/scrapers/telegram/index.js';
import type { FetchedPage, PostRecord } from '../../../../src/scrapers/types.js';
import { SimWorld } from '../../../../src/sim/index.js';
import { renderDiscussion, DISCUSSION_OFF_TEXT, DISCUSSION_PRIVATE_TEXT } from '../../../../src/sim/telegram/discussion.js';

const world = new SimWorld();
const ch = world.addChannel({ username: 'memorial_news', title: 'Memorial news' });
const post = world.addPost('memorial_news', { text: 'Statement', date: 1_760_000_000 });
world.addComment('memorial_news', post.num, { date: 1_760_000_100, author: 'Анна К.', username: 'anna_k', avatar: true, text: 'Спасибо за работу' });
const bot = world.addComment('memorial_news', post.num, { date: 1_760_000_200, author: 'user8812731', avatar: false, text: 'Иноагенты!' });
world.addComment('memorial_news', post.num, { date: 1_760_000_300, author: 'Анна К.', username: 'anna_k', avatar: true, text: 'Это неправда', replyTo: bot.id });

const ref = telegramScraper.match('telegram:memorial_news')!;
const record: PostRecord = { id: 'memorial_news/1', key: '1', order: '1', url: 'https://t.me/memorial_news/1', text: 'Statement', html: 'Statement', edited: false, links: [], media: [] };
const page = (html: string, over: Partial<FetchedPage> = {}): FetchedPage => ({
  url: 'https://t.me/memorial_news/1?embed=1&discussion=1&comments_limit=50',
  finalUrl: 'https://t.me/memorial_news/1?embed=1&discussion=1&comments_limit=50',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(html),
  fetchedAt: '2026-01-01T00:00:00.000Z',
  purpose: 'interactions',
  ...over,
});
const parse = (p: FetchedPage) => telegramScraper.parseInteractions!(p, ref, record);

describe('Telegram comments widget', () => {
  it('is planned for a post (not for service messages), with comments_limit from the settings', () => {
    const s = TelegramSettings.parse({ baseUrl: 'http://127.0.0.1:5/', commentsLimit: 20 });
    expect(telegramScraper.planInteractions!(ref, s, record)).toEqual({ via: 'http', url: 'http://127.0.0.1:5/memorial_news/1?embed=1&discussion=1&comments_limit=20', purpose: 'interactions' });
    expect(telegramScraper.planInteractions!(ref, s, { ...record, service: true })).toBeUndefined();
  });

  it('the sim page carries the documented markers', () => {
    const html = renderDiscussion(ch, post, 'http://127.0.0.1:5');
    for (const marker of ['class="widget_frame_base tgme_widget body_widget_discussion', '<h3 class="tgme_post_discussion_header"><span class="js-header">3 comments</span> on <a href="https://t.me/memorial_news/1">this post</a></h3>', 'class="tgme_post_discussion js-message_history"', 'data-post-id="2"', 'class="tgme_widget_message_reply_template js-reply_tpl"', 'href="https://t.me/memorial_news/1?comment=1"', 'Log in to comment']) {
      expect(html).toContain(marker);
    }
  });

  it('comments: author (name, username, avatar or not), text (not the reply template), time, link, reply-to', () => {
    const r = parse(page(renderDiscussion(ch, post, 'http://127.0.0.1:5')));
    expect(r.state).toBe('ok');
    expect(r.total).toBe(3);
    expect(r.interactions).toHaveLength(3);
    const [a, b, c] = r.interactions;
    expect(a).toMatchObject({ kind: 'comment', key: '1', text: 'Спасибо за работу', at: '2025-10-09T08:55:00.000Z', url: 'https://t.me/memorial_news/1?comment=1', author: { name: 'Анна К.', username: 'anna_k', url: 'https://t.me/anna_k', avatar: true } });
    expect(a!.author.avatarUrl).toBe('http://127.0.0.1:5/media/userpic-1.jpg');
    expect(b).toMatchObject({ key: '2', text: 'Иноагенты!', author: { name: 'user8812731', avatar: false } });
    expect(b!.author.username).toBeUndefined();
    expect(c).toMatchObject({ key: '3', text: 'Это неправда', replyTo: { key: '2', name: 'user8812731', text: 'Иноагенты!' } });
  });

  it('the newest comments only, when there are more than the limit; "N more" is not a comment', () => {
    const r = parse(page(renderDiscussion(ch, post, 'http://127.0.0.1:5', 2)));
    expect(r.interactions.map((i) => i.key)).toEqual(['2', '3']);
    expect(r.total).toBe(3);
  });

  it('no comments yet: ok with none ("Comments on this post")', () => {
    const p2 = world.addPost('memorial_news', { text: 'Quiet', date: 1_760_000_000 });
    expect(parse(page(renderDiscussion(ch, p2, 'http://127.0.0.1:5')))).toEqual({ state: 'ok', interactions: [], total: 0 });
  });

  it('discussion off or its group not public: "none", with Telegram\'s words', () => {
    const off = { ...ch, discussion: 'off' as const };
    const priv = { ...ch, discussion: 'private' as const };
    expect(parse(page(renderDiscussion(off, post, '')))).toMatchObject({ state: 'none', reason: DISCUSSION_OFF_TEXT });
    expect(parse(page(renderDiscussion(priv, post, '')))).toMatchObject({ state: 'none', reason: expect.stringContaining(DISCUSSION_PRIVATE_TEXT) });
  });

  it('429, 5xx, an ordinary embed, a captive portal and the "Array" quirk are no verdict', () => {
    for (const p of [
      page('Too Many Requests', { status: 429 }),
      page('<html></html>', { status: 502 }),
      page('<html><body><div class="tgme_widget_message" data-post="memorial_news/1"></div></body></html>'),
      page('<html><body>Please log in to the Wi-Fi</body></html>'),
      page('<div class="tme_no_messages_found">Array </div>'),
    ]) {
      expect(parse(p).state).toBe('no_verdict');
    }
  });
});
