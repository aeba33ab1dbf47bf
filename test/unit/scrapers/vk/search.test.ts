// VK shadowban_search parser on the simulator's m.vk.com search pages (communities rows, posts as
// wall items) and on the answers that must be no verdict (per-second limit, login page, captcha,
// not VK, 5xx, a wall page instead of the search).
import { describe, expect, it } from 'vitest';
import { vkScraper } from '../../../../src/scrapers/vk/index.js';
import { VkSettings } from '../../../../src/scrapers/vk/settings.js';
import type { FetchedPage } from '../../../../src/scrapers/types.js';
import { createVkSim } from '../../../../src/sim/vk/sim.js';
import { renderSearchPage, type SearchSection } from '../../../../src/sim/vk/search.js';
import { renderLogin, renderNotice, renderWall } from '../../../../src/sim/vk/render.js';
import { VK_TEXT } from '../../../../src/sim/vk/texts.js';
import { ownerOf } from '../../../../src/sim/vk/model.js';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const s = VkSettings.parse({ baseUrl: 'http://127.0.0.1:9' });
const ctx = { origin: 'http://127.0.0.1:9', now: NOW };
const page = (body: string, status = 200, finalUrl = 'http://127.0.0.1:9/search?c%5Bsection%5D=communities'): FetchedPage => ({ url: 'http://127.0.0.1:9/search', finalUrl, status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(body), fetchedAt: new Date(NOW).toISOString(), purpose: 'probe' });
const ref = (key: string) => vkScraper.match(`vk:${key}`)!;

function sim() {
  const v = createVkSim({ now: () => NOW });
  v.apply({ type: 'account', name: 'quietvoice', title: 'Quiet Voice', posts: 0 });
  v.apply({ type: 'post', account: 'quietvoice', text: 'Court hearing of the activists moved to Friday morning' });
  v.apply({ type: 'post', account: 'quietvoice', text: 'Second statement on the detentions' });
  v.apply({ type: 'account', name: 'loudvoice', title: 'Loud Voice', posts: 0 });
  v.apply({ type: 'post', account: 'loudvoice', text: 'Court hearing of the activists moved to Friday morning' });
  return v;
}
const search = (v: ReturnType<typeof sim>, section: SearchSection, q: string) => page(renderSearchPage(v.world, section, q, ctx, 'DE'));

describe('VK search probe', () => {
  it('plans m.vk.com/search: communities (people for id<n>) by handle, posts by phrase; asks for a session', () => {
    const h = vkScraper.planSearch!(ref('quietvoice'), s, { kind: 'handle', text: 'quietvoice' })!;
    expect(h).toMatchObject({ via: 'http', purpose: 'probe', needsSession: true });
    expect(new URL(h.url).pathname).toBe('/search');
    expect(Object.fromEntries(new URL(h.url).searchParams)).toEqual({ 'c[section]': 'communities', 'c[q]': 'quietvoice' });
    expect(new URL(vkScraper.planSearch!(ref('id1'), s, { kind: 'handle', text: 'durov' })!.url).searchParams.get('c[section]')).toBe('people');
    const p = vkScraper.planSearch!(ref('quietvoice'), s, { kind: 'phrase', text: 'Court  hearing of' })!;
    expect(Object.fromEntries(new URL(p.url).searchParams)).toEqual({ 'c[section]': 'statuses', 'c[q]': 'Court hearing of' });
  });

  it('finds the community by handle and its post by phrase; another account\'s post with the same text is not it', () => {
    const v = sim();
    const a = v.world.get('quietvoice')!;
    expect(vkScraper.parseSearch!(search(v, 'communities', 'quietvoice'), ref('quietvoice'))).toEqual({ state: 'ok', keys: [], account: true });
    const r = vkScraper.parseSearch!(search(v, 'statuses', 'Court hearing of the activists'), ref('quietvoice'));
    expect(r.state).toBe('ok');
    expect(r.keys).toContain(`${ownerOf(a)}_1`);
    expect(r.keys).toHaveLength(2); // the other account's copy is listed under its own owner id
    expect(r.keys).not.toContain(`${ownerOf(a)}_2`);
  });

  it('a community watched by its numeric address is recognised by the screen name searched', () => {
    const v = sim();
    const a = v.world.get('quietvoice')!;
    const url = vkScraper.planSearch!(ref(`club${a.id}`), s, { kind: 'handle', text: 'quietvoice' })!.url;
    const p = { ...search(v, 'communities', 'quietvoice'), url, finalUrl: url };
    expect(vkScraper.parseSearch!(p, ref(`club${a.id}`)).account).toBe(true);
    // The search URL of a phrase names no account.
    const ph = vkScraper.planSearch!(ref(`club${a.id}`), s, { kind: 'phrase', text: 'quietvoice' })!.url;
    expect(vkScraper.parseSearch!({ ...search(v, 'communities', 'quietvoice'), url: ph, finalUrl: ph }, ref(`club${a.id}`)).account).toBe(false);
  });

  it('an account kept out of search is found by neither search; the truth records the toggle', () => {
    const v = sim();
    v.apply({ type: 'shadow', account: 'quietvoice', search: true });
    const a = v.world.get('quietvoice')!;
    expect(vkScraper.parseSearch!(search(v, 'communities', 'quietvoice'), ref('quietvoice'))).toEqual({ state: 'ok', keys: [], account: false });
    const r = vkScraper.parseSearch!(search(v, 'statuses', 'Second statement on the detentions'), ref('quietvoice'));
    expect(r).toEqual({ state: 'ok', keys: [], account: false });
    expect(vkScraper.parseSearch!(search(v, 'statuses', 'Court hearing'), ref('quietvoice')).keys.some((k) => k.startsWith(`${ownerOf(a)}_`))).toBe(false);
    expect(v.truth.filter((t) => t.type === 'shadowban_search').map((t) => t.on)).toEqual([true]);
  });

  it('per-second limit, login page, captcha, not VK, 5xx and a wall page instead of the search are no verdict', () => {
    const v = sim();
    const cases: FetchedPage[] = [
      page(renderNotice(VK_TEXT.rateLimit, { kind: 'error' })),
      page(renderLogin(), 200, 'http://127.0.0.1:9/login?to=c2VhcmNo'),
      page(renderNotice('Введите код с картинки (captcha)')),
      page('<html><body>Hotel WiFi</body></html>'),
      page('<html><body><h1>503</h1></body></html>', 503),
      page('', 429),
      page(renderWall(v.world.get('quietvoice')!, ctx)),
    ];
    for (const p of cases) {
      const r = vkScraper.parseSearch!(p, ref('quietvoice'));
      expect(r.state).toBe('no_verdict');
      expect(r.reason).toBeTruthy();
    }
  });
});
