// The X simulator's search index lag: posts of one burst are stamped a few ms apart, so the last
// ones are just ahead of the clock when a probe asks at once; with no lag they are all found.
import { describe, expect, it } from 'vitest';
import { XWorld } from '../../../src/sim/x/model.js';
import { renderSearch } from '../../../src/sim/x/probes.js';

const hitIds = (answer: unknown): string[] =>
  JSON.stringify(answer)
    .match(/"entryId":"tweet-(\d+)"/g)!
    .map((m) => m.replace(/\D/g, ''));

describe('x sim search', () => {
  const clock = Date.UTC(2026, 11, 1, 12);
  const world = new XWorld(() => new Date(clock));
  world.addUser({ handle: 'Burst', posts: 0 });
  const posts = world.post('Burst', { count: 4 });

  it('with no index lag, a burst is searchable at once, stamps ahead of the clock included', () => {
    expect(Date.parse(posts[3]!.createdAt)).toBeGreaterThan(clock);
    expect(hitIds(renderSearch(world, 'from:Burst', 'ZZ', clock, 0)).sort()).toEqual(posts.map((p) => p.id).sort());
  });

  it('with a lag, only posts older than it are searchable', () => {
    expect(hitIds(renderSearch(world, 'from:Burst', 'ZZ', clock + 2, 2)).sort()).toEqual(posts.slice(0, 1).map((p) => p.id));
  });
});
