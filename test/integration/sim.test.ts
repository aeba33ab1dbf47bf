// The simulated t.me over real HTTP: states, faults, paging, media, ground truth, and
// structural parity of sim pages with the real captures in test/fixtures (cheerio, no parser).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startSim, type StartedSim } from '../helpers/startSim.js';

// Real captures copied into the repo by the scraper owner (see test/fixtures/telegram/PROVENANCE.md).
const FIX = fileURLToPath(new URL('../fixtures/telegram/', import.meta.url));
const fixture = (p: string): string => readFileSync(FIX + p, 'utf8');

let s: StartedSim;
const get = async (path: string, init: RequestInit = {}) => {
  const r = await fetch(s.url + path, { redirect: 'manual', ...init });
  return { status: r.status, headers: r.headers, text: await r.text() };
};

beforeAll(async () => {
  s = await startSim({
    bigMediaBytes: 3 * 1024 * 1024,
    hangMs: 60_000,
    scenario: {
      channels: [
        { username: 'hr_center_sim', title: 'HR Center', description: 'Human rights', subscribers: 48200, verified: true, history: { count: 70, albumEvery: 0 } },
        { username: 'tiny_sim', title: 'Tiny', history: { count: 3 } },
        { username: 'closed_sim', title: 'Closed', history: { count: 3 } },
        { username: 'gone_sim', title: 'Gone', history: { count: 3 } },
        { username: 'blocked_sim', title: 'Blocked', history: { count: 3 } },
      ],
      steps: [
        { at: '10s', type: 'edit', channel: 'hr_center_sim', num: 60, text: 'corrected text' },
        { at: '20s', type: 'delete', channel: 'hr_center_sim', nums: [5, 6] },
        { at: '30s', type: 'block', channel: 'blocked_sim' },
        { at: '40s', type: 'make_private', channel: 'closed_sim' },
        { at: '50s', type: 'delete_channel', channel: 'gone_sim' },
        { at: '60s', type: 'rename', channel: 'tiny_sim', to: 'tiny_new_sim' },
      ],
    },
  });
});
afterAll(async () => s?.close());

describe('sim server: states', () => {
  it('serves a channel page, landing and embed for an ok channel', async () => {
    const page = await get('/s/hr_center_sim');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const $ = cheerio.load(page.text);
    expect($('div.tgme_widget_message[data-post]').length).toBe(20);
    expect($('.tgme_channel_info_header_title').text()).toBe('HR Center');
    const landing = cheerio.load((await get('/hr_center_sim')).text);
    expect(landing('a.tgme_page_context_link').attr('href')).toBe('/s/hr_center_sim');
    const embed = cheerio.load((await get('/hr_center_sim/7?embed=1')).text);
    expect(embed('div.tgme_widget_message').attr('data-post')).toBe('hr_center_sim/7');
    const missing = cheerio.load((await get('/hr_center_sim/9999?embed=1')).text);
    expect(missing('.tgme_widget_message_error').text()).toBe('Post not found');
  });

  it('ground truth follows advance(): edit, delete, block, private, delete_channel, rename', async () => {
    expect(s.sim.truth).toHaveLength(0);
    expect(s.sim.advance()).toBe(1);
    const edited = cheerio.load((await get('/hr_center_sim/60?embed=1')).text);
    expect(edited('.tgme_widget_message_meta').text()).toMatch(/edited/);
    expect(edited('.tgme_widget_message_text').text()).toBe('corrected text');
    s.sim.advance(10_000);
    expect((await get('/s/hr_center_sim?before=8')).text).not.toContain('data-post="hr_center_sim/5"');
    s.sim.runAll();
    const truth = (await (await fetch(`${s.url}/__sim/truth`)).json()) as Array<{ type: string; channel: string; postNum?: number }>;
    expect(truth.map((t) => t.type)).toEqual(['post_edited', 'post_deleted', 'post_deleted', 'account_restricted', 'account_private', 'account_deleted', 'account_renamed']);
    expect(truth[1]).toMatchObject({ channel: 'hr_center_sim', postNum: 5 });
  });

  it('private and deleted channels redirect t.me/s to the landing; blocked shows the ToS stub', async () => {
    const priv = await get('/s/closed_sim');
    expect(priv.status).toBe(302);
    expect(priv.headers.get('location')).toBe('/closed_sim');
    const privLanding = cheerio.load((await get('/closed_sim')).text);
    expect(privLanding('.tgme_page_title').length).toBe(1);
    expect(privLanding('.tgme_page_context_link').length).toBe(0);

    const gone = await get('/s/gone_sim');
    expect(gone.status).toBe(302);
    const goneLanding = cheerio.load((await get('/gone_sim')).text);
    expect(goneLanding('title').text()).toBe('Telegram: Contact @gone_sim');
    expect(goneLanding('.tgme_page_title').length).toBe(0);
    expect(goneLanding('i.tgme_icon_user').length).toBe(1);

    const blocked = await get('/s/blocked_sim');
    expect(blocked.status).toBe(200);
    expect(cheerio.load(blocked.text)('div.tgme_page_description').text()).toMatch(/can't be displayed because it violated Telegram's Terms of Service/);

    expect((await get('/s/tiny_sim')).status).toBe(302);
    expect((await get('/s/tiny_new_sim')).status).toBe(200);
  });
});

describe('sim server: faults (never takedowns)', () => {
  it('429 with Retry-After for N requests, then normal', async () => {
    s.sim.fault({ kind: 'rate_limit', channel: 'hr_center_sim', retryAfter: 7, count: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await get('/s/hr_center_sim');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
    }
    expect((await get('/s/hr_center_sim')).status).toBe(200);
  });

  it('5xx, garbage and transient "No posts found"', async () => {
    await fetch(`${s.url}/__sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 502 }) });
    expect((await get('/s/hr_center_sim')).status).toBe(502);
    s.sim.fault({ kind: 'garbage' });
    const g = await get('/s/hr_center_sim');
    expect(g.status).toBe(200);
    expect(g.text).not.toContain('tgme_');
    s.sim.fault({ kind: 'no_posts', channel: 'hr_center_sim' });
    const np = cheerio.load((await get('/s/hr_center_sim')).text);
    expect(np('.tme_no_messages_found').text()).toBe('No posts found');
    expect(np('[data-post]').length).toBe(0);
    expect(np('.tgme_channel_info_header_title').length).toBe(1);
    expect(cheerio.load((await get('/s/hr_center_sim')).text)('[data-post]').length).toBe(20);
  });

  it('truncated body fails the read; hang never answers', async () => {
    s.sim.fault({ kind: 'truncated' });
    await expect(get('/s/hr_center_sim')).rejects.toThrow();
    s.sim.fault({ kind: 'hang' });
    await expect(get('/s/hr_center_sim', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await get('/s/hr_center_sim')).status).toBe(200);
  });
});

describe('sim server: paging and media', () => {
  it('walking data-before from the newest page reaches post 1 with every post exactly once', async () => {
    const seen: number[] = [];
    let path: string | undefined = '/s/hr_center_sim';
    while (path) {
      const $ = cheerio.load((await get(path)).text);
      const nums = $('div.tgme_widget_message[data-post]').map((_, e) => Number($(e).attr('data-post')!.split('/')[1])).get();
      seen.unshift(...nums);
      const before = $('a.tme_messages_more[data-before]').attr('data-before');
      if (before) expect($('link[rel=prev]').attr('href')).toBe(`/s/hr_center_sim?before=${before}`);
      path = before ? `/s/hr_center_sim?before=${before}` : undefined;
    }
    expect(seen).toEqual(s.sim.world.mustGet('hr_center_sim').posts.map((p) => p.num));
    expect(seen[0]).toBe(1);
  });

  it('serves real JPEG/MP4 bytes and an oversized item with exact lengths', async () => {
    const $ = cheerio.load((await get('/s/hr_center_sim')).text);
    const img = $('.tgme_widget_message_user_photo img').first().attr('src')!;
    const r = await fetch(img);
    const b = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(r.headers.get('content-length'))).toBe(b.length);
    expect([b[0], b[1], b.at(-2), b.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    const v = await fetch(`${s.url}/media/m1-x.mp4`);
    expect(v.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await v.arrayBuffer()).subarray(4, 8).toString()).toBe('ftyp');
    const big = await fetch(`${s.url}/media/big-video.mp4`);
    expect(big.headers.get('content-length')).toBe(String(3 * 1024 * 1024));
    expect((await big.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024);
  });
});

describe('structural parity with real captures (cheerio)', () => {
  const both = (real: string, sim: string, selectors: string[]): void => {
    const r = cheerio.load(real);
    const m = cheerio.load(sim);
    for (const sel of selectors) {
      expect(r(sel).length, `real: ${sel}`).toBeGreaterThan(0);
      expect(m(sel).length, `sim: ${sel}`).toBeGreaterThan(0);
    }
  };

  it('t.me/s page vs any2feed/full.html and feedjam', async () => {
    const sim = (await get('/s/hr_center_sim')).text;
    const common = [
      'main.tgme_main[data-url]',
      'section.tgme_channel_history.js-message_history',
      'div.tgme_widget_message_wrap.js-widget_message_wrap',
      'div.tgme_widget_message[data-post][data-view]',
      '.tgme_widget_message_owner_name',
      '.tgme_widget_message_text.js-message_text',
      '.tgme_widget_message_views',
      'a.tgme_widget_message_date time[datetime]',
      '.tgme_channel_info_header_title',
      '.tgme_channel_info_header_username',
      '.tgme_channel_info_counter .counter_value',
      '.tgme_channel_info_counter .counter_type',
      'a.tgme_widget_message_photo_wrap[style*=background-image]',
      'link[rel=canonical]',
    ];
    both(fixture('any2feed/full.html'), sim, [...common, 'div.tgme_widget_message_centered.js-messages_more_wrap a.tme_messages_more.js-messages_more[data-before]', 'link[rel=prev]', '.tgme_widget_message_video_player', 'video.tgme_widget_message_video']);
    both(fixture('feedjam/page_example.html'), (await get('/s/hr_center_sim?before=10')).text, [...common, 'div.tgme_widget_message.service_message']);
    // A first page has no load-more link, like feedjam's whole-channel page.
    expect(cheerio.load((await get('/s/hr_center_sim?before=10')).text)('a.tme_messages_more').length).toBe(0);
  });

  it('data-view decodes to {c: -channelId, p: num} like the real pages', async () => {
    const $ = cheerio.load((await get('/s/hr_center_sim')).text);
    const el = $('div.tgme_widget_message[data-post]').last();
    const v = JSON.parse(Buffer.from(el.attr('data-view')!, 'base64url').toString()) as { c: number; p: number };
    expect(v.c).toBe(-s.sim.world.mustGet('hr_center_sim').channelId);
    expect(`hr_center_sim/${v.p}`).toBe(el.attr('data-post'));
    expect(el.attr('data-peer')).toMatch(new RegExp(`^c${-v.c}_-\\d+$`));
  });

  it('"No posts found" history vs the live 2026 capture', async () => {
    s.sim.fault({ kind: 'no_posts', channel: 'hr_center_sim' });
    both(fixture('telegram-research/live-2026-08-24-s-durov-q-nohits.html'), (await get('/s/hr_center_sim')).text, [
      'div.tgme_widget_message_wrap > div.tgme_widget_message_centered > div.tme_no_messages_found',
      '.tgme_channel_info_header_title',
      '.tgme_channel_info_counter .counter_value',
      '.tgme_header_counter',
      'form.tgme_header_search_form input[name=q]',
    ]);
  });

  it('landing pages vs C01/C02, embeds vs C05/C08', async () => {
    both(fixture('telegram-research/C02-landing-nonexistent.html'), (await get('/nobody_here_sim')).text, [
      'meta[name=robots][content="noindex, nofollow"]',
      'i.tgme_icon_user',
      'div.tgme_page_description',
      'a.tgme_action_button_new',
    ]);
    both(fixture('telegram-research/C01-landing-durov.html'), (await get('/hr_center_sim')).text, [
      'img.tgme_page_photo_image',
      'div.tgme_page_title i.verified-icon',
      'div.tgme_page_extra',
      'div.tgme_page_description',
      'a.tgme_page_context_link[href="/s/hr_center_sim"], a.tgme_page_context_link[href="/s/durov"]',
    ]);
    both(fixture('telegram-research/C05-embed-durov-523.html'), (await get('/hr_center_sim/40?embed=1')).text, [
      'div.tgme_widget_message[data-post][data-view][data-peer][data-post-id]',
      '.tgme_widget_message_owner_labels i.verified-icon',
      '.tgme_widget_message_views',
      'time.datetime[datetime]',
      '.tgme_widget_message_footer .tgme_widget_message_link',
    ]);
    both(fixture('telegram-research/C08-embed-tdlibchat-50000.html'), (await get('/hr_center_sim/99999?embed=1')).text, [
      'div.tgme_widget_message.err_message',
      'div.tgme_widget_message_error',
    ]);
  });
});
