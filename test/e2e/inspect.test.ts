// `vigil inspect` through the real CLI: a saved answer classified offline, printed as JSON; bad
// input is a clear error with a non-zero exit code.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../helpers/cli.js';

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const env = { PATH: process.env.PATH, HOME: process.env.HOME };

describe('vigil inspect', () => {
  it('prints {platform, kind, state, reason, posts} for a saved page', async () => {
    const r = await runVigil(['inspect', 'telegram:feedjam', '--file', fx('telegram/feedjam/page_example.html'), '--json'], env);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j).sort()).toEqual(['kind', 'platform', 'posts', 'reason', 'state']);
    expect(j).toMatchObject({ platform: 'telegram', kind: 'account', state: 'ok' });
    expect(j.posts).toBeGreaterThanOrEqual(7);
  });

  it('a post URL and a gzipped file; --status', async () => {
    const post = await runVigil(['inspect', 'https://x.com/XDevelopers/status/1', '--file', fx('x/opentween/Error_NotFound.json'), '--json'], env);
    expect(JSON.parse(post.stdout)).toMatchObject({ platform: 'x', kind: 'post', state: 'missing', posts: 0 });
    const fb = await runVigil(['inspect', 'facebook:nintendo', '--file', fx('facebook/page-posts-list-Nintendo-2021-06-08.html.gz'), '--json'], env);
    expect(JSON.parse(fb.stdout)).toMatchObject({ platform: 'facebook', state: 'ok' });
    const limited = await runVigil(['inspect', 'telegram:feedjam', '--file', fx('telegram/feedjam/page_example.html'), '--status', '429', '--json'], env);
    expect(JSON.parse(limited.stdout)).toMatchObject({ state: 'rate_limited', posts: 0 });
  });

  it('a missing file is an actionable error', async () => {
    const r = await runVigil(['inspect', 'telegram:feedjam', '--file', '/nonexistent/page.html', '--json'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('VGL_BAD_REQUEST');
  });
});
