import { describe, expect, it } from 'vitest';
import { esc, h, raw } from '../../../src/api/ui/html.js';
import { eventsPage, postBlock, targetsPage } from '../../../src/api/ui/pages.js';
import { redactUrl } from '../../../src/api/server.js';
import { tokenMatches, readCookie } from '../../../src/api/auth.js';
import { postJson, mergeTargets } from '../../../src/api/shapes.js';
import type { PostRow, TargetRow } from '../../../src/catalog/types.js';
import { fixturePosts } from '../catalog/fixturePosts.js';

const real = fixturePosts()[0];
const post = (over: Partial<PostRow> = {}): PostRow => ({
  targetId: 't', id: real.id, key: real.key, num: Number(real.order), numKey: real.order, url: real.url, text: real.text, edited: false, deleted: false,
  firstSeenAt: '2024-01-01T00:00:00.000Z', lastSeenAt: '2024-01-02T00:00:00.000Z',
  versions: [{ sha256: 'a'.repeat(64), observedAt: '2024-01-01T00:00:00.000Z', observationId: 'O1', text: real.text, edited: false }],
  artifacts: [], ...over,
});

describe('html', () => {
  it('escapes every interpolation unless it is Html', () => {
    expect(esc(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(h`<p>${'<b>'}</p>${raw('<i>')}${['<', raw('>')]}`.s).toBe('<p>&lt;b&gt;</p><i>&lt;>');
  });

  it('post blocks mark deleted/edited posts, show versions side by side, and neuter hostile URLs', () => {
    const html = postBlock(post({
      deleted: true, edited: true, url: 'javascript:alert(1)', text: 'v2 <img src=x onerror=alert(1)>',
      versions: [post().versions[0], { sha256: 'b'.repeat(64), observedAt: '2024-01-02T00:00:00.000Z', observationId: 'O2', text: 'v2 <img src=x onerror=alert(1)>', edited: true }],
    })).s;
    expect(html).toContain('class="post deleted edited"');
    expect(html).toContain('class="versions"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(`/api/blobs/${'b'.repeat(64)}`);
  });

  it('targets and events pages escape ids and reasons', () => {
    const t: TargetRow = { id: 'x"><script>', spec: 'telegram:x', platform: 'telegram', key: 'x', everyMs: 1, tags: [], createdAt: '', state: 'restricted', stateReason: '<b>blocked</b>', postCount: 0 };
    const page = targetsPage([t]);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;b&gt;blocked&lt;/b&gt;');
    expect(page).toContain('b-blocked'); // restricted by the platform: the "blocked" badge
    expect(eventsPage([], { target: '"><x>' })).toContain('value="&quot;&gt;&lt;x&gt;"');
  });
});

describe('api helpers', () => {
  it('redactUrl hides ?token=', () => {
    expect(redactUrl('/events?token=abc&type=x')).toBe('/events?token=[Redacted]&type=x');
    expect(redactUrl('/?a=1&token=abc')).toBe('/?a=1&token=[Redacted]');
  });

  it('tokenMatches and readCookie', () => {
    expect(tokenMatches('s3cret', 's3cret')).toBe(true);
    expect(tokenMatches('s3cre', 's3cret')).toBe(false);
    expect(tokenMatches(undefined, 's3cret')).toBe(false);
    expect(readCookie('a=1; vigil_token=x%3Dy; b=2', 'vigil_token')).toBe('x=y');
    expect(readCookie(undefined, 'vigil_token')).toBeUndefined();
  });

  it('postJson has exactly the documented keys', () => {
    expect(Object.keys(postJson(post())).sort()).toEqual(['artifacts', 'deleted', 'edited', 'id', 'key', 'num', 'publishedAt', 'text', 'url', 'versions', 'views']);
    expect(postJson(post()).versions).toEqual([{ text: real.text, sha256: 'a'.repeat(64), observedAt: '2024-01-01T00:00:00.000Z' }]);
    expect(postJson(post()).num).toBe(real.order); // exact decimal string, for before=
    expect(postJson(post({ key: 'dQw4w9WgXcQ' })).key).toBe('dQw4w9WgXcQ'); // the address within the account
  });

  it('mergeTargets shows defined-but-unindexed targets as pending', () => {
    const def = { id: 'b', spec: 'telegram:b', platform: 'telegram', key: 'b', everyMs: 1, tags: [], createdAt: 'c' };
    const merged = mergeTargets([def, { ...def, id: 'a' }], [{ ...def, id: 'a', state: 'ok', postCount: 3 }]);
    expect(merged.map((t) => [t.id, t.state, t.postCount])).toEqual([['a', 'ok', 3], ['b', 'pending', 0]]);
  });
});
