// Re-checks of statements' own pages (src/detect/recheck.ts) on the real captured YouTube channel
// feed (test/fixtures/youtube PROVENANCE.md): which items are picked, baseline vs edit, the page
// candidate's confirmation, and that a listing edit is one event, not two.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectStep, emptyState, PAGE_EDIT_RULE, PAGE_GONE_RULE, pageBlobSha, pageRecord, pickRechecks, type PageChecks, type TargetState } from '../../../src/detect/index.js';
import { rssScraper } from '../../../src/scrapers/rss/index.js';
import type { FetchedPage, Observation } from '../../../src/scrapers/types.js';

const body = readFileSync(new URL('../../fixtures/youtube/atom-feed-youtube.xml', import.meta.url));
const url = 'https://www.youtube.com/feeds/videos.xml?channel_id=UCfixture';
const ref = rssScraper.match(`rss:${url}`)!;
const page: FetchedPage = { url, finalUrl: url, status: 200, headers: { 'content-type': 'application/atom+xml' }, body, fetchedAt: '2026-01-01T00:00:00Z', purpose: 'listing' };
const policy = { minObservations: 2, minSpanMs: 60_000, keepPosts: 200, stableContent: rssScraper.stableContent };
const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
const ctx = (min: number, pages?: PageChecks) => ({ targetId: 'yt', observationId: `o${min}`, observedAt: at(min), ...(pages ? { pages } : {}) });
const obs = rssScraper.parse(page, ref);
const first = detectStep(emptyState(), obs, ctx(0), policy).next;
const newestPub = Math.max(...Object.values(first.items!).map((i) => i.t ?? 0));
const far = { perPoll: 3, maxAgeMs: 10 * 365 * 86_400_000 };
const v = (key: string, text: string) => pageBlobSha(pageRecord(obs.posts.find((p) => p.key === key)!, { state: 'present', title: 'T', text }));
const checks = (min: number, present: Record<string, string>, gone: string[] = []): PageChecks => ({ present, gone, at: t0 + min * 60_000 });

describe('pickRechecks', () => {
  it('never on the first (pending) poll; then the newest never-checked items first, at most perPoll', () => {
    expect(pickRechecks(emptyState(), obs, t0, far)).toEqual([]);
    const picks = pickRechecks(first, obs, t0, far);
    expect(picks).toEqual(obs.posts.slice(0, 3).map((p) => p.key)); // feed order = newest first
  });

  it('rotates: checked items go to the back; items older than maxAge are skipped', () => {
    const s = detectStep(first, obs, ctx(1, checks(1, Object.fromEntries(obs.posts.slice(0, 3).map((p) => [p.key, v(p.key, 'a')])))), policy).next;
    expect(pickRechecks(s, obs, t0, far)).toEqual(obs.posts.slice(3, 6).map((p) => p.key));
    expect(pickRechecks(s, obs, newestPub + 1000, { perPoll: 3, maxAgeMs: 1000 })).toEqual([obs.posts[0].key]); // only the newest is young enough
    expect(pickRechecks(s, obs, newestPub + 1001, { perPoll: 3, maxAgeMs: 1000 })).toEqual([]);
    expect(pickRechecks(s, obs, t0, { ...far, perPoll: 0 })).toEqual([]);
  });
});

describe('page edits', () => {
  const n = obs.posts[0].key;
  const base = detectStep(first, obs, ctx(1, checks(1, { [n]: v(n, 'first version') })), policy);

  it('the first fetch of a page is only its baseline', () => {
    expect(base.created).toEqual([]);
    expect(base.next.items![n]).toMatchObject({ p: v(n, 'first version'), c: t0 + 60_000 });
  });

  it('a changed page text: post_edited candidate naming both blobs, confirmed by a re-check minSpan later', () => {
    const r = detectStep(base.next, obs, ctx(2, checks(2, { [n]: v(n, 'second version') })), policy);
    expect(r.created.map((c) => [c.type, c.rule, c.postKey])).toEqual([['post_edited', PAGE_EDIT_RULE, n]]);
    expect(r.created[0].details).toMatchObject({ fromBlob: v(n, 'first version'), toBlob: v(n, 'second version') });
    expect(r.next.items![n].p).toBe(v(n, 'first version')); // not accepted before confirmation
    // A poll without a re-check of that page says nothing about it.
    const idle = detectStep(r.next, obs, ctx(4), policy);
    expect(idle.confirmed).toEqual([]);
    expect(pickRechecks(idle.next, obs, t0, { ...far, perPoll: 1 })).toEqual([n]); // open candidates first
    const ok = detectStep(idle.next, obs, ctx(5, checks(5, { [n]: v(n, 'second version') })), policy);
    expect(ok.confirmed.map((c) => c.rule)).toEqual([PAGE_EDIT_RULE]);
    expect(ok.next.items![n].p).toBe(v(n, 'second version'));
  });

  it('a page back to its first text dismisses the candidate', () => {
    const r = detectStep(base.next, obs, ctx(2, checks(2, { [n]: v(n, 'second version') })), policy);
    const back = detectStep(r.next, obs, ctx(5, checks(5, { [n]: v(n, 'first version') })), policy);
    expect(back.dismissed.map((c) => c.rule)).toEqual([PAGE_EDIT_RULE]);
    expect(back.created).toEqual([]);
  });

  it('an edit the listing shows too is one event (the listing one); the page is re-baselined', () => {
    const edited: Observation = { ...obs, posts: obs.posts.map((p) => (p.key === n ? { ...p, text: `${p.text} (updated)` } : p)) };
    const r = detectStep(base.next, edited, ctx(2, checks(2, { [n]: v(n, 'second version') })), policy);
    expect(r.created.map((c) => c.rule)).toEqual(['listing.content_changed']);
    expect(r.next.items![n].p).toBe(v(n, 'second version'));
  });

  it('a listed item whose page answers 404/410: post_deleted, confirmed only by a later re-check', () => {
    const r = detectStep(base.next, obs, ctx(2, checks(2, {}, [n])), policy);
    expect(r.created.map((c) => [c.type, c.rule, c.probe])).toEqual([['post_deleted', PAGE_GONE_RULE, 'missing']]);
    expect(detectStep(r.next, obs, ctx(5), policy).confirmed).toEqual([]); // still listed: no bearing
    const again = detectStep(r.next, obs, ctx(5, checks(5, {}, [n])), policy);
    expect(again.confirmed.map((c) => c.type)).toEqual(['post_deleted']);
    const back = detectStep(r.next, obs, ctx(5, checks(5, { [n]: v(n, 'first version') })), policy);
    expect(back.dismissed.map((c) => c.rule)).toEqual([PAGE_GONE_RULE]);
  });
});

it('state stays compact: a tracked item is its URL, age, two blob names and a check time', () => {
  const s: TargetState = detectStep(first, obs, ctx(1, checks(1, { [obs.posts[0].key]: v(obs.posts[0].key, 'x') })), policy).next;
  expect(Object.keys(s.items![obs.posts[0].key]).sort()).toEqual(['b', 'c', 'o', 'p', 't', 'u']);
});
