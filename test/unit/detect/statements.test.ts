// rss/web statements on a real captured YouTube channel feed (test/fixtures/youtube PROVENANCE.md):
// vanished-item rules (fell off vs removed), own-page confirmation timing, edits with blob names;
// plus rename discovery findings, referenced usernames and the html part of post digests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyProbe, DIGEST_VERSION, detectStep, emptyState, postBlobSha, postDigest, vanishedItems, type TargetState } from '../../../src/detect/index.js';
import { rssScraper } from '../../../src/scrapers/rss/index.js';
import { referencedUsernames, stableHtml, telegramContent } from '../../../src/scrapers/telegram/index.js';
import type { FetchedPage, Observation } from '../../../src/scrapers/types.js';
import { okObs, post, stateObs, tgPolicy } from './helpers.js';

const body = readFileSync(new URL('../../fixtures/youtube/atom-feed-youtube.xml', import.meta.url));
const url = 'https://www.youtube.com/feeds/videos.xml?channel_id=UCfixture';
const ref = rssScraper.match(`rss:${url}`)!;
const page: FetchedPage = { url, finalUrl: url, status: 200, headers: { 'content-type': 'application/atom+xml' }, body, fetchedAt: '2026-01-01T00:00:00Z', purpose: 'listing' };
const policy = { minObservations: 2, minSpanMs: 60_000, keepPosts: 200, stableContent: rssScraper.stableContent };
const tg = { ...tgPolicy, minSpanMs: 60_000, keepPosts: 200 };
const digest = (p: Parameters<typeof telegramContent>[0]) => postDigest(p, telegramContent);
const at = (min: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + min * 60_000).toISOString();
const ctx = (min: number, extra = {}) => ({ targetId: 'yt', observationId: `o${min}`, observedAt: at(min), ...extra });

describe('feeds: vanished items', () => {
  const obs = rssScraper.parse(page, ref);
  const first = detectStep(emptyState(), obs, ctx(0), policy).next;
  // Feed order is newest first: the last entry is the oldest one.
  const newest = obs.posts[0];
  const middle = obs.posts[Math.floor(obs.posts.length / 2)];
  const oldest = obs.posts[obs.posts.length - 1];
  const without = (k: string): Observation => ({ ...obs, posts: obs.posts.filter((p) => p.key !== k) });

  it('tracks every item with its URL, age and archived blob', () => {
    expect(obs.posts.length).toBeGreaterThan(3);
    expect(Object.keys(first.items!)).toHaveLength(obs.posts.length);
    expect(first.items![newest.key]).toMatchObject({ u: newest.url, b: postBlobSha(newest) });
    expect(first.items![newest.key].o).toBeGreaterThan(first.items![oldest.key].o);
  });

  it('an item missing while older ones are listed is covered: a deletion candidate without a verdict yet', () => {
    expect(vanishedItems(first, without(middle.key))).toEqual({ covered: [middle.key], uncertain: [] });
    const r = detectStep(first, without(middle.key), ctx(1), policy);
    expect(r.created.map((c) => [c.type, c.rule, c.postId])).toEqual([['post_deleted', 'feed.missing_with_older_present', middle.url]]);
    expect(r.created[0].probe).toBeUndefined();
  });

  it('the oldest item missing is uncertain: no candidate unless its own page is gone; fell off = forgotten', () => {
    expect(vanishedItems(first, without(oldest.key))).toEqual({ covered: [], uncertain: [oldest.key] });
    expect(detectStep(first, without(oldest.key), ctx(1), policy).created).toEqual([]);
    const off = detectStep(first, without(oldest.key), ctx(1, { feed: { gone: [], fellOff: [oldest.key] } }), policy).next;
    expect(off.posts[oldest.key]).toBeUndefined();
    expect(off.items![oldest.key]).toBeUndefined();
  });

  it('own page gone: confirmed only when it is still gone at least minSpan later', () => {
    const r = detectStep(first, without(oldest.key), ctx(1, { feed: { gone: [oldest.key], fellOff: [] } }), policy);
    const c = r.created[0];
    expect([c.rule, c.probe]).toEqual(['feed.item_page_gone', 'missing']);
    // Still absent 2 minutes later, but the page was not re-checked: not ready.
    const later = detectStep(r.next, without(oldest.key), ctx(3), policy);
    expect(later.confirmed).toEqual([]);
    const probed = applyProbe(later.next, c.id, { state: 'missing' }, at(3)).state;
    const done = detectStep(probed, without(oldest.key), ctx(4), policy);
    expect(done.confirmed.map((x) => x.id)).toEqual([c.id]);
    expect(done.next.items![oldest.key]).toBeUndefined();
  });

  it('an edited item: post_edited naming the new version blob; a re-listed item dismisses a deletion', () => {
    const edited = { ...obs, posts: obs.posts.map((p) => (p.key === middle.key ? { ...p, text: `${p.text} (corrected)` } : p)) };
    const r = detectStep(first, edited, ctx(1), policy);
    expect(r.created.map((c) => c.type)).toEqual(['post_edited']);
    expect(r.created[0].details?.toBlob).toBe(postBlobSha(edited.posts.find((p) => p.key === middle.key)!));
    const del = detectStep(first, without(middle.key), ctx(1), policy);
    expect(detectStep(del.next, obs, ctx(2), policy).dismissed.map((c) => c.type)).toEqual(['post_deleted']);
  });
});

describe('rename discovery (pure)', () => {
  const ok = okObs([post(1), post(2)]);
  const s0 = detectStep(emptyState(), ok, { targetId: 't', observationId: 'o0', observedAt: at(0) }, tg).next;

  it('not_found + a discovered username: account_renamed (followed), no account_deleted', () => {
    const r = detectStep(s0, stateObs('not_found'), { targetId: 't', observationId: 'o1', observedAt: at(1), renamedTo: 'chan_new', discoveredRename: 'chan_new' }, tg);
    expect(r.created.map((c) => [c.type, c.details?.from, c.details?.to])).toEqual([['account_renamed', 'chan', 'chan_new']]);
    expect(r.next.follow).toBe('chan_new');
    // The followed username shows the same channel id: the same key agrees, then confirms.
    const moved = okObs([post(1, 'post 1', { id: 'chan_new/1' }), post(2, 'post 2', { id: 'chan_new/2' })], { channel: { username: 'chan_new', counters: {}, channelId: '1001' } });
    const r2 = detectStep(r.next, moved, { targetId: 't', observationId: 'o2', observedAt: at(3) }, tg);
    expect(r2.created).toEqual([]);
    expect(r2.confirmed.map((c) => c.type)).toEqual(['account_renamed']);
    expect(r2.next.username).toBe('chan_new');
  });

  it('without a discovered username the old name going not_found is an account_deleted candidate', () => {
    const r = detectStep(s0, stateObs('not_found'), { targetId: 't', observationId: 'o1', observedAt: at(1) }, tg);
    expect(r.created.map((c) => c.type)).toEqual(['account_deleted']);
    expect(r.next.follow).toBeUndefined();
  });

  it('referenced usernames: forwards and t.me links, without non-Telegram and invite links', () => {
    const posts = [
      post(1, 'x', { forwardedFrom: { name: 'Z', url: 'https://t.me/Zerkalo_IO_sim/41' } }),
      post(2, 'y', { links: ['https://t.me/s/other_chan', 'https://example.org/a', 'https://t.me/chan/5', 'https://t.me/joinchat/abc'] }),
    ];
    // `chan` is too short to be a username; the poll leaves the target's own name out (rename-discovery.ts).
    expect(referencedUsernames(posts)).toEqual(['zerkalo_io_sim', 'other_chan']);
  });
});

describe('post digests include html', () => {
  it('a changed link target or formatting is an edit; inline styles and signed CDN queries are not', () => {
    const p = post(1, 'see here', { html: 'see <a href="https://a.example/x">here</a>' });
    expect(digest({ ...p, html: 'see <a href="https://b.example/x">here</a>' })).not.toBe(digest(p));
    expect(digest({ ...p, html: 'see <b><a href="https://a.example/x">here</a></b>' })).not.toBe(digest(p));
    const img = (q: string) => `<i class="emoji" style="background-image:url('//telegram.org/e.png?${q}')"></i><img src="https://cdn4.telesco.pe/file/abc.jpg?token=${q}">`;
    expect(stableHtml(img('1'))).toBe(stableHtml(img('2')));
    expect(digest({ ...p, views: 5 })).toBe(digest(p));
  });

  it('hot states from the previous digest version are re-baselined, never reported as edits', () => {
    const ok = okObs([post(1), post(2)]);
    const old: TargetState = { ...detectStep(emptyState(), ok, ctx(0), tg).next, dv: undefined, posts: { '1': 'aaaaaaaaaaaaaaaa', '2': 'bbbbbbbbbbbbbbbb' } };
    const r = detectStep(old, ok, ctx(1), tg);
    expect(r.created).toEqual([]);
    expect(r.next.dv).toBe(DIGEST_VERSION);
    expect(r.next.posts['1']).toBe(digest(post(1)));
  });
});
