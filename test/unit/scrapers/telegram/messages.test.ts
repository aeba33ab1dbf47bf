// Single messages and media elements from the any2feed fragments (2023 markup, re-indented).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { telegramScraper as tg } from '../../../../src/scrapers/telegram/index.js';
import type { PostRecord } from '../../../../src/scrapers/types.js';
import { fixturePage } from '../../../helpers/describeScraper.js';

const FIX = fileURLToPath(new URL('../../../fixtures/telegram/any2feed/', import.meta.url));

/** A fragment holding one whole message block, read through parsePost like an embed. */
function message(file: string, name: string, num: number): PostRecord {
  const t = tg.match(`telegram:${name}`);
  if (!t) throw new Error('bad name');
  const probe = tg.parsePost(fixturePage({ file: `telegram/any2feed/${file}`, url: `https://t.me/${name}/${num}?embed=1`, purpose: 'post' }), t, String(num));
  if (probe.state !== 'present' || !probe.post) throw new Error(`${file}: ${probe.state} ${probe.reason}`);
  return probe.post;
}

/** A media-only fragment, wrapped in a minimal message block (the fragment itself is untouched). */
function media(file: string): PostRecord['media'] {
  const html = `<div class="tgme_widget_message js-widget_message" data-post="channel_x/6">${readFileSync(FIX + file, 'utf8')}</div>`;
  const t = tg.match('telegram:channel_x');
  const probe = tg.parsePost(fixturePage({ body: html, url: 'https://t.me/channel_x/6?embed=1', purpose: 'post' }), t!, '6');
  return probe.post?.media ?? [];
}

describe('message fragments', () => {
  it('message_link_preview_video.html is an edited post with a t.me link preview', () => {
    const p = message('message_link_preview_video.html', 'fighter_bomber', 11226);
    expect(p.edited).toBe(true);
    expect(p.views).toBe(69400);
    expect(p.media[0]).toMatchObject({ type: 'link_preview', url: 'https://t.me/shalnyak/5410', title: 'Shalnyak' });
  });

  it('a signature that says "edited" does not mark the post edited (minimal input)', () => {
    const body =
      '<div class="tgme_widget_message" data-post="somechan/7"><div class="tgme_widget_message_text">x</div><span class="tgme_widget_message_meta"><span class="tgme_widget_message_from_author">Edited By Ann</span>,&nbsp;<a class="tgme_widget_message_date" href="https://t.me/somechan/7"><time datetime="2026-01-01T00:00:00+00:00" class="datetime">x</time></a></span></div>';
    const probe = tg.parsePost(fixturePage({ body, url: 'https://t.me/somechan/7?embed=1', purpose: 'post' }), tg.match('telegram:somechan')!, '7');
    expect(probe.post).toMatchObject({ edited: false, author: 'Edited By Ann', publishedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('message_text.html is a plain, unedited post', () => {
    const p = message('message_text.html', 'topwar_official', 70991);
    expect(p.edited).toBe(false);
    expect(p.views).toBe(33400);
    expect(p.media).toEqual([]);
    expect(p.text.length).toBeGreaterThan(10);
    expect(p.text).not.toMatch(/ {2}|^\s|\s$/);
  });

  it('message_media_forwarded_from.html: forwarded photo', () => {
    const p = message('message_media_forwarded_from.html', 'oper_goblin', 22358);
    expect(p.forwardedFrom).toEqual({ name: expect.any(String), url: 'https://t.me/dimsmirnov175/44604' });
    expect(p.media.map((m) => m.type)).toEqual(['photo']);
  });

  it('message_media_file.html: forwarded document with its title', () => {
    const p = message('message_media_file.html', 'oper_goblin', 16936);
    expect(p.media).toHaveLength(1);
    expect(p.media[0]).toMatchObject({ type: 'document', url: 'https://t.me/oper_goblin/16936' });
    expect(p.media[0].title).toMatch(/^Оппозиционные/);
    expect(p.forwardedFrom).toBeDefined();
  });

  it('message_voice.html: forwarded voice message, 746 views, 27:40', () => {
    const p = message('message_voice.html', 'oper_goblin', 939);
    expect(p.views).toBe(746);
    expect(p.media).toEqual([{ type: 'voice', url: expect.stringMatching(/^https:\/\//), duration: '27:40' }]);
    expect(p.publishedAt?.startsWith('2018-04-24')).toBe(true);
  });

  it('message_poll.html: anonymous poll', () => {
    const p = message('message_poll.html', 'it_begin', 488);
    expect(p.views).toBe(1100);
    expect(p.media).toEqual([{ type: 'poll', title: 'Как лучше?' }]);
  });

  it('message_sticker.html: sticker with author signature', () => {
    const p = message('message_sticker.html', 'channel', 5);
    expect(p.media.map((m) => m.type)).toEqual(['sticker']);
    expect(p.author).toBeTruthy();
  });

  it('message_with_from_author.html: signature with an emoji', () => {
    const p = message('message_with_from_author.html', 'channel', 4);
    expect(p.author).toBe('🅰️rkadiy Ivanov');
    expect(p.text).toBe('test');
    expect(p.views).toBe(1);
  });

  it('message_media_round_video.html: round video with duration', () => {
    const p = message('message_media_round_video.html', 'bolshiepushki', 3495);
    expect(p.media).toEqual([expect.objectContaining({ type: 'roundvideo', duration: '0:44' })]);
  });

  it('message_media_photo_and_video.html: album of 2 photos + 1 video', () => {
    const p = message('message_media_photo_and_video.html', 'anna_news', 46908);
    expect(p.media.map((m) => m.type).sort()).toEqual(['photo', 'photo', 'video']);
    expect(p.groupedKeys?.length).toBe(3);
    expect(p.text.length).toBeGreaterThan(0);
  });

  it('message_link_preview.html: external link preview with image', () => {
    const p = message('message_link_preview.html', 'oper_goblin', 22360);
    expect(p.media).toEqual([expect.objectContaining({ type: 'link_preview', thumbUrl: expect.stringMatching(/^https:/) })]);
  });
});

describe('media fragments', () => {
  it('media_video.html: video with src, thumb and 0:34', () => {
    expect(media('media_video.html')).toEqual([
      { type: 'video', url: expect.stringMatching(/\.mp4/), thumbUrl: expect.stringMatching(/^https:/), duration: '0:34' },
    ]);
  });

  it('media_video_gif.html: GIF (autoplaying loop)', () => {
    expect(media('media_video_gif.html')).toEqual([
      { type: 'gif', url: 'https://cdn4.telegram-cdn.org/file/77..0c.mp4?token=...', thumbUrl: expect.stringMatching(/^https:/) },
    ]);
  });

  it('media_video_too_big.html: "Media is too big"', () => {
    expect(media('media_video_too_big.html')).toEqual([{ type: 'video', thumbUrl: expect.stringMatching(/^https:/), duration: '1:09', tooBig: true }]);
  });

  it('media_photo.html, media_cicrle_video.html, poll.html, link_preview.html', () => {
    expect(media('media_photo.html').map((m) => m.type)).toEqual(['photo']);
    expect(media('media_photo.html')[0].url).toMatch(/^https:\/\//);
    expect(media('media_cicrle_video.html').map((m) => m.type)).toEqual(['roundvideo']);
    expect(media('poll.html')).toEqual([{ type: 'poll', title: 'Как лучше?' }]);
    expect(media('link_preview.html').map((m) => m.type)).toEqual(['link_preview']);
  });
});
