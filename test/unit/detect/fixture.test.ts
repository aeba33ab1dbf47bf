// The detector on a real captured Telegram listing (any2feed full.html, see test/fixtures PROVENANCE.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectStep, digestsOf, emptyState } from '../../../src/detect/index.js';
import { cmpOrder } from '../../../src/scrapers/order.js';
import { telegramScraper } from '../../../src/scrapers/telegram/index.js';
import type { FetchedPage, Observation } from '../../../src/scrapers/types.js';

const body = readFileSync(new URL('../../fixtures/telegram/any2feed/full.html', import.meta.url));
const ref = { platform: 'telegram' as const, key: 'fixture', spec: 'telegram:fixture' };
const page: FetchedPage = { url: 'https://t.me/s/fixture', finalUrl: 'https://t.me/s/fixture', status: 200, headers: {}, body, fetchedAt: '2026-01-01T00:00:00Z', purpose: 'listing' };
const policy = { minObservations: 2, minSpanMs: 60_000, keepPosts: 200, stableContent: telegramScraper.stableContent };

describe('detector on a real page', () => {
  const obs = telegramScraper.parse(page, ref);
  const first = detectStep(emptyState(), obs, { targetId: 't', observationId: 'o1', observedAt: '2026-01-01T00:00:00Z' }, policy);

  it('a re-parse of the same bytes is unchanged', () => {
    expect(obs.posts.length).toBeGreaterThan(3);
    const again = detectStep(first.next, telegramScraper.parse(page, ref), { targetId: 't', observationId: 'o2', observedAt: '2026-01-01T00:05:00Z' }, policy);
    expect(again.unchanged).toBe(true);
    expect(again.created).toEqual([]);
  });

  it('views changing alone is unchanged; a post dropped from the middle is a deletion candidate', () => {
    const inner = obs.posts.filter((p) => !p.service && cmpOrder(p.order, obs.range!.min) > 0 && cmpOrder(p.order, obs.range!.max) < 0 && !(p.groupedKeys?.length));
    expect(inner.length).toBeGreaterThan(0);
    const victim = inner[0];
    const views: Observation = { ...obs, posts: obs.posts.map((p) => ({ ...p, views: (p.views ?? 0) + 1000 })) };
    expect(digestsOf(views, telegramScraper.stableContent).content).toBe(digestsOf(obs, telegramScraper.stableContent).content);
    const gone: Observation = { ...obs, posts: obs.posts.filter((p) => p.key !== victim.key) };
    const r = detectStep(first.next, gone, { targetId: 't', observationId: 'o3', observedAt: '2026-01-01T00:05:00Z' }, policy);
    expect(r.created.map((c) => [c.type, c.postKey])).toEqual([['post_deleted', victim.key]]);
  });
});
