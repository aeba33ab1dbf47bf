// VK comments as interactions: parsed from the recorded desktop reply markup (2012 vk.com/habr
// page) and from the simulator's post page (same markup); failures are no verdict.
import { describe, expect, it } from 'vitest';
import { vkScraper, VkSettings } from '../../../../src/scrapers/vk/index.js';
import type { FetchedPage, PostRecord } from '../../../../src/scrapers/types.js';
import { createVkSim } from '../../../../src/sim/vk/sim.js';
import { renderPostPage } from '../../../../src/sim/vk/render.js';
import { fixturePage } from '../../../helpers/describeScraper.js';

const ref = (spec: string) => vkScraper.match(spec)!;
const postOf = (key: string): PostRecord => ({ id: `x/${key}`, key, order: key.split('_')[1]!, url: `https://vk.com/wall${key}`, text: '', html: '', edited: false, links: [], media: [] });

describe('VK comments', () => {
  it('plans the post’s own page', () => {
    const step = vkScraper.planInteractions!(ref('vk:habr'), VkSettings.parse({}), postOf('-20629724_73803'));
    expect(step).toMatchObject({ url: 'https://m.vk.com/wall-20629724_73803', purpose: 'interactions' });
  });

  it('reads the recorded replies: author, handle, picture, text, time', () => {
    const page: FetchedPage = { ...fixturePage({ file: 'vk/group_profile_page.html', url: 'https://vk.com/habr', headers: { 'content-type': 'text/html' } }), fetchedAt: '2012-01-11T19:40:00.000Z', purpose: 'interactions' };
    const probe = vkScraper.parseInteractions!(page, ref('vk:habr'), postOf('-20629724_73803'));
    expect(probe.state).toBe('ok');
    expect(probe.interactions.length).toBeGreaterThan(10);
    const c = probe.interactions.find((i) => i.key === '-20629724_73824')!;
    expect(c.author.username).toBe('olololosha1488');
    expect(c.author.avatar).toBe(true);
    expect(c.text).toContain('HTC Sync');
    expect(c.at).toBe(new Date(1326310275 * 1000).toISOString());
  });

  it('reads the simulator’s farm comments, default pictures as no avatar; a 429 or a notice is no verdict', () => {
    const t0 = Date.parse('2026-03-01T12:00:00Z');
    const sim = createVkSim({ now: () => t0 });
    sim.apply({ type: 'account', name: 'freevk', posts: 2 });
    const a = sim.world.mustGet('freevk');
    const p = a.posts[1]!;
    sim.apply({ type: 'attack', account: 'freevk', num: p.num, count: 12, seed: 4, lookalikes: 0 });
    const html = renderPostPage(a, p, { origin: 'http://127.0.0.1:1', now: t0 });
    const page: FetchedPage = { url: 'http://127.0.0.1:1/wall', finalUrl: 'http://127.0.0.1:1/wall', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html), fetchedAt: new Date(t0).toISOString(), purpose: 'interactions' };
    const probe = vkScraper.parseInteractions!(page, ref('vk:freevk'), postOf(`-${a.id}_${p.num}`));
    expect(probe.interactions).toHaveLength(12);
    expect(probe.interactions.filter((i) => !i.author.avatar).length).toBe(p.comments!.filter((c) => !c.avatar).length);
    expect(probe.interactions[0]!.author.username).toBe(p.comments![0]!.handle);
    expect(vkScraper.parseInteractions!({ ...page, status: 429 }, ref('vk:freevk'), postOf('-1_2')).state).toBe('no_verdict');
  });
});
