// What the VK parser reads from the real recordings, field by field.
import { describe, expect, it } from 'vitest';
import { vkScraper, VkSettings } from '../../../../src/scrapers/vk/index.js';
import type { FetchedPage } from '../../../../src/scrapers/types.js';
import { fixturePage } from '../../../helpers/describeScraper.js';

const life = (over: Partial<FetchedPage> = {}): FetchedPage => ({
  ...fixturePage({ file: 'vk/spevktator/vk_life.html', url: 'https://m.vk.com/life' }),
  fetchedAt: '2022-08-25T12:47:10.000Z',
  ...over,
});
const desktop = (file: string, url: string, headers: Record<string, string> = { 'content-type': 'text/html' }): FetchedPage => ({
  ...fixturePage({ file: `vk/${file}`, url, headers }),
  fetchedAt: '2012-01-11T19:40:00.000Z',
});
const ref = (spec: string) => vkScraper.match(spec)!;

describe('m.vk.com wall (spevktator/vk_life.html, 2022)', () => {
  const obs = vkScraper.parse(life(), ref('vk:life'));

  it('the community header: title, verified, followers, numeric id, canonical name', () => {
    expect(obs.channel).toMatchObject({ username: 'life', title: 'LIFE.ru', verified: true, subscribers: 2333908, channelId: 'vk:club24199209' });
    expect(obs.channel?.counters).toMatchObject({ followers: '2,333,908', videos: '12,393' });
    expect(obs.channel?.description).toMatch(/^LIFE – о жизни в России/);
    expect(obs.channel?.avatarUrl).toMatch(/^https:\/\/sun6-21\.userapi\.com\//);
  });

  it('posts: key <owner>_<post>, order = the post number, id under the screen name, url of the post page', () => {
    expect(obs.posts.map((p) => p.key)).toEqual(['-24199209_18932515', '-24199209_18981564', '-24199209_18981607', '-24199209_18981640', '-24199209_18981678']);
    const p = obs.posts.find((x) => x.key === '-24199209_18981678')!;
    expect(p).toMatchObject({ id: 'life/-24199209_18981678', order: '18981678', url: 'https://m.vk.com/wall-24199209_18981678', author: 'LIFE.ru', views: 2079 });
    expect(p.text).toBe('Владимир Путин увеличил численность ВС РФ: https://life.ru/p/1518876');
    expect(p.links).toEqual(['https://life.ru/p/1518876']);
    expect(p.media).toEqual([{ type: 'photo', url: expect.stringMatching(/^https:\/\/sun6-21\.userapi\.com\/impg\/s9xU.*sign=/) }]);
    // The html as served (VK's away.php wrapper kept), not re-serialised.
    expect(p.html).toContain('/away.php?to=https%3A%2F%2Flife.ru%2Fp%2F1518876');
  });

  it('dates: "today at 3:40 pm" Moscow time, counted from the fetch', () => {
    expect(obs.posts.find((x) => x.order === '18981678')?.publishedAt).toBe('2022-08-25T12:40:00.000Z');
    expect(obs.posts.find((x) => x.order === '18932515')?.publishedAt).toBe('2022-08-12T09:00:00.000Z');
  });

  it('a truncated post reads whole: the "See more" link goes, the hidden rest stays, <br> are line breaks', () => {
    const p = obs.posts.find((x) => x.order === '18932515')!;
    expect(p.text).not.toContain('See more');
    expect(p.text).toContain('называли "книгами". После освобождения города');
    expect(p.text).toMatch(/\n\* "Азов" — запрещённая в России террористическая организация\.$/);
    expect(p.media).toMatchObject([{ type: 'video', duration: '51:47' }]);
    expect(p.views).toBe(262671);
  });

  it('the pinned post (old, shown first) stays out of the range, so the posts between it and the page are not "missing"', () => {
    expect(obs.range).toEqual({ min: '18981564', max: '18981678' });
  });

  it('older page cursor: VK\'s "Show more" offset minus one (consecutive pages overlap by one post)', () => {
    expect(obs.olderCursor).toBe('4');
    expect(obs.reachedStart).toBe(false);
    expect(vkScraper.planListing(ref('vk:life'), VkSettings.parse({}), obs.olderCursor).url).toBe('https://m.vk.com/life?offset=4&own=1');
  });

  it('the post page of a key, and the post a wall shows there is "present"', () => {
    const step = vkScraper.planPost(ref('vk:life'), VkSettings.parse({ baseUrl: 'https://m.vk.com/' }), '-24199209_18981640');
    expect(step.url).toBe('https://m.vk.com/wall-24199209_18981640');
    expect(vkScraper.parsePost(life(), ref('vk:life'), '-24199209_18981640')).toMatchObject({ state: 'present', post: { order: '18981640' } });
    // A page showing other posts says nothing about this one.
    expect(vkScraper.parsePost(life(), ref('vk:life'), '-24199209_1').state).toBe('no_verdict');
  });

  it('the digest ignores views, dates and the signed query of CDN URLs', () => {
    const p = obs.posts[1];
    const same = { ...p, views: 1, publishedAt: '2030-01-01T00:00:00.000Z', media: p.media.map((m) => ({ ...m, url: m.url?.replace(/sign=[0-9a-f]+/, 'sign=0') })) };
    expect(JSON.stringify(vkScraper.stableContent(same))).toBe(JSON.stringify(vkScraper.stableContent(p)));
    expect(JSON.stringify(vkScraper.stableContent({ ...p, text: `${p.text}!` }))).not.toBe(JSON.stringify(vkScraper.stableContent(p)));
  });
});

describe('desktop pages of 2011–2012 (windows-1251)', () => {
  it('decode as cp1251 from the <meta>, or from the Content-Type header', () => {
    for (const headers of [{ 'content-type': 'text/html' }, { 'content-type': 'text/html; charset=windows-1251' }]) {
      const obs = vkScraper.parse(desktop('group_profile_page.html', 'https://vk.com/habr', headers), ref('vk:habr'));
      expect(obs.channel?.title).toBe('Хабрахабр');
      expect(obs.channel?.channelId).toBe('vk:club20629724');
      expect(obs.posts).toHaveLength(10);
    }
  });

  it('posts, not the comments under them (same post- ids); dates from the unix `time` attribute when given', () => {
    const obs = vkScraper.parse(desktop('group_profile_page.html', 'https://vk.com/habr'), ref('vk:habr'));
    expect(obs.posts.some((p) => p.order === '73824')).toBe(false); // a comment of post 73803
    const p = obs.posts.find((x) => x.order === '73803')!;
    expect(p.publishedAt).toBe(new Date(1326309193 * 1000).toISOString());
    expect(p.key).toBe('-20629724_73803');
  });

  it('a long post counts once: the short copy before "Показать полностью.." is dropped', () => {
    const obs = vkScraper.parse(desktop('user_profile_page.html', 'https://vk.com/durov'), ref('vk:durov'));
    const p = obs.posts.find((x) => x.order === '45097')!;
    expect(p.text.match(/Первые миллионы пользователей/g)).toHaveLength(1);
    expect(p.text).toContain('В октябре эти алгоритмы будут применены.');
    expect(p.links).toEqual(['http://vk.com/bonyavi', 'http://vk.com/basta.noggano']);
    expect(obs.posts.find((x) => x.order === '45424')?.publishedAt).toBe('2011-12-31T19:44:00.000Z'); // "31 дек в 22:44" read in January
  });

  it('an empty wall is empty (never a deletion); a photo-albums page is no wall', () => {
    const empty = desktop('user_profile_page_with_empty_wall.html', 'https://vk.com/bobuk');
    expect(vkScraper.classify(empty)).toEqual({ state: 'empty', reason: 'На стене пока нет ни одной записи.' });
    expect(vkScraper.classify(desktop('invalid_page.html', 'https://vk.com/albums1')).state).toBe('unknown');
  });

  it('the notice is read only when decoded as cp1251 (a wrong UTF-8 header garbles it: the empty wall is told by its structure)', () => {
    const wrong = desktop('user_profile_page_with_empty_wall.html', 'https://vk.com/bobuk', { 'content-type': 'text/html; charset=utf-8' });
    expect(vkScraper.classify(wrong)).toEqual({ state: 'empty', reason: 'a wall without posts' });
  });
});
