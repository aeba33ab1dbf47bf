// Pure parts of the exporter: one selector per request, the time window, file names, and which
// ids a set of catalog posts brings into a package. (Pure code; kept with the integrity tests
// because this engineer owns those paths.)
import { describe, expect, it } from 'vitest';
import { packageFilename, postEvidence, selectionOf, selectorOf, timeWindow } from '../../src/archive/export/index.js';
import type { PostRow } from '../../src/catalog/types.js';
import { isVigilError } from '../../src/errors.js';

const post = (id: string, caps: [string, string][], versions: [string, string][]): PostRow => ({
  targetId: 't', id, key: '1', num: 1, numKey: '1', url: `https://t.me/${id}`, text: '', edited: false, deleted: false, firstSeenAt: '', lastSeenAt: '',
  versions: versions.map(([observationId, observedAt]) => ({ observationId, observedAt, sha256: '0'.repeat(64), text: '', edited: false })),
  artifacts: caps.map(([captureId]) => ({ captureId, name: 'screenshot.png', sha256: '0'.repeat(64), size: 1, type: 'image/png' })),
});

describe('export selection', () => {
  it('takes exactly one selector; q and search are the same', () => {
    expect(selectionOf({ target: 'durov', since: '2024-11-01' })).toEqual({ targetIds: ['durov'], from: '2024-11-01' });
    expect(selectionOf({ q: ' arrest ', until: '2024-11-30' })).toEqual({ query: 'arrest', to: '2024-11-30' });
    expect(selectionOf({ search: 'arrest' })).toEqual({ query: 'arrest' });
    expect(selectionOf({ event: 'E1' })).toEqual({ eventIds: ['E1'] });
    expect(selectionOf({ capture: 'C1' })).toEqual({ captureIds: ['C1'] });
    for (const bad of [{}, { target: 'a', event: 'b' }, { q: '   ' }, { since: '2024-11-01' }]) {
      expect(() => selectorOf(bad)).toThrow(/exactly one of capture, event, target, q/);
    }
  });

  it('with q, target, platform, tag and deleted are search filters (as GET /api/search takes them)', () => {
    expect(selectionOf({ q: 'арест', target: 'durov', tag: 'media', deleted: true, since: '2024-11-01' })).toEqual({
      query: 'арест', from: '2024-11-01', searchFilters: { target: 'durov', tag: 'media', deleted: true },
    });
    expect(selectionOf({ q: 'арест', platform: 'rss' })).toEqual({ query: 'арест', searchFilters: { platform: 'rss' } });
    expect(() => selectorOf({ target: 'durov', deleted: true })).toThrow(/give q as well/);
    expect(() => selectorOf({ event: 'E1', q: 'x' })).toThrow(/exactly one of capture, event, target, q/);
  });

  it('several captures, events and posts together are one selection (a dossier’s package); they never mix with target or q', () => {
    expect(selectionOf({ event: ['E1', 'E2', 'E1'], capture: 'C1', post: ['durov|durov/523'] })).toEqual({
      eventIds: ['E1', 'E2'], captureIds: ['C1'], posts: [{ target: 'durov', id: 'durov/523' }],
    });
    expect(selectorOf({ event: ['E1', 'E2'], post: 'a|a/1' })).toEqual({ kind: 'items', value: '3' });
    expect(selectorOf({ post: 'a|a/1|x' })).toEqual({ kind: 'post', value: 'a|a/1|x' });
    expect(selectionOf({ post: 'a|a/1|x' })).toEqual({ posts: [{ target: 'a', id: 'a/1|x' }] });
    expect(packageFilename({ event: ['E1', 'E2'] }, new Date('2024-11-12T10:00:00Z'))).toBe('vigil-items-2-20241112T100000Z.zip');
    for (const bad of [{ event: ['E1', 'E2'], target: 'durov' }, { capture: ['C1'], q: 'x' }, { event: [] as string[] }]) {
      expect(() => selectorOf(bad)).toThrow(/exactly one of capture, event, target, q/);
    }
    expect(() => selectorOf({ post: 'no-bar' })).toThrow(/<target>\|<postId>/);
    expect(() => selectorOf({ event: Array.from({ length: 201 }, (_, i) => `E${i}`) })).toThrow(/at most 200/);
  });

  it('a date-only until covers its whole UTC day; since after until is refused', () => {
    const w = timeWindow('2024-11-12', '2024-11-12');
    expect(w.from).toBe(Date.parse('2024-11-12T00:00:00Z'));
    expect(w.to).toBe(Date.parse('2024-11-12T23:59:59.999Z'));
    expect(timeWindow(undefined, '2024-11-12T10:00:00Z').to).toBe(Date.parse('2024-11-12T10:00:00Z'));
    expect(timeWindow()).toEqual({ from: -Infinity, to: Infinity });
    try {
      timeWindow('2024-11-13', '2024-11-12');
      expect.unreachable();
    } catch (e) {
      expect(isVigilError(e, 'VGL_BAD_REQUEST')).toBe(true);
    }
    expect(() => timeWindow('yesterday')).toThrow(/since "yesterday" is not an ISO date/);
  });

  it('names the file after the selector and the UTC time, safely', () => {
    expect(packageFilename({ target: 'durov' }, new Date('2024-11-12T10:00:00.123Z'))).toBe('vigil-target-durov-20241112T100000Z.zip');
    expect(packageFilename({ q: '../../etc/passwd "x"' }, new Date('2024-11-12T10:00:00Z'))).toBe('vigil-search-etc_passwd_x_-20241112T100000Z.zip');
  });

  it('posts bring their captures and observations inside the window; uncaptured posts are reported', () => {
    const posts = [
      post('a/1', [['C1', ''], ['C1', '']], [['O1', '2024-11-12T10:00:00Z'], ['O2', '2024-11-14T10:00:00Z']]),
      post('a/2', [['C2', '']], [['O2', '2024-11-14T10:00:00Z']]),
      post('a/3', [], [['O1', '2024-11-12T10:00:00Z']]),
    ];
    const times = new Map([['C1', Date.parse('2024-11-12T10:01:00Z')], ['C2', Date.parse('2024-11-14T10:01:00Z')]]);
    const all = postEvidence(posts, timeWindow(), (id) => times.get(id));
    expect(all).toMatchObject({ captures: ['C1', 'C2'], observations: ['O1', 'O2'] });
    expect(all.uncaptured.map((p) => p.id)).toEqual(['a/3']);
    const late = postEvidence(posts, timeWindow('2024-11-13'), (id) => times.get(id));
    expect(late).toMatchObject({ captures: ['C2'], observations: ['O2'] });
    expect(late.uncaptured.map((p) => p.id)).toEqual(['a/1', 'a/3']);
  });
});
