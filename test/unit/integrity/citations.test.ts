import { describe, expect, it } from 'vitest';
import { citationFromEvent, citationFromManifest, citationFromPost, citationsCslJson, citationsCsv, citationsMarkdown, firstWords, postHappened } from '../../../src/archive/export/citations.js';
import type { CaptureManifest } from '../../../src/archive/types.js';

const manifest: CaptureManifest = {
  v: 1, id: '01JCRX0000000000000000000A', kind: 'browser', status: 'done', target: 'durov', url: 'https://t.me/durov/523',
  tool: { name: 'vigil', version: '0.1.0' }, vantage: 'eu-1', startedAt: '2024-11-12T10:05:00.000Z', finishedAt: '2024-11-12T10:05:03.120Z',
  artifacts: [],
  metadata: { text: 'Today, the "Telegram" team, shipped\nthe biggest update of the year, with many new, features for all', publishedAt: '2024-11-12T09:00:00+00:00' },
};
const sha = 'ab'.repeat(32);

describe('citations', () => {
  it('derive platform and account from the URL and cut the text to its first words', () => {
    const c = citationFromManifest(manifest, sha, 'https://vigil.example/captures/01JCRX');
    expect(c).toMatchObject({ platform: 'telegram', account: 'durov', publishedAt: '2024-11-12T09:00:00+00:00', archivedAt: '2024-11-12T10:05:03.120Z' });
    expect(c.title).toBe('Today, the "Telegram" team, shipped the biggest update of the year, with…');
    expect(firstWords('a b', 12)).toBe('a b');
  });

  it('format one markdown line per capture with UTC times, hash and link', () => {
    const md = citationsMarkdown([citationFromManifest(manifest, sha, 'https://vigil.example/c/1')]);
    expect(md).toBe(
      `# Citations\n\n- Telegram, durov: “Today, the "Telegram" team, shipped the biggest update of the year, with…” (published 2024-11-12 09:00:00 UTC). <https://t.me/durov/523>. Archived 2024-11-12 10:05:03 UTC by Vigil; SHA-256 ${sha}; https://vigil.example/c/1\n`,
    );
  });

  it('quote CSV cells with commas and quotes (RFC 4180)', () => {
    const csv = citationsCsv([citationFromManifest(manifest, sha, 'x')]).split('\r\n');
    expect(csv[0]).toBe('platform,account,title,url,published_utc,archived_utc,sha256,archive_url,kind,happened,ledger_seq,ledger_key');
    expect(csv[1]).toBe(`telegram,durov,"Today, the ""Telegram"" team, shipped the biggest update of the year, with…",https://t.me/durov/523,2024-11-12T09:00:00.000Z,2024-11-12T10:05:03.120Z,${sha},x,capture,,,`);
  });

  it('emit CSL-JSON items with issued/accessed date-parts', () => {
    const [item] = citationsCslJson([citationFromManifest({ ...manifest, metadata: { title: 'Ministry statement', platform: 'web' }, url: 'https://mvd.example/news/1' }, sha, 'x')]) as Record<string, unknown>[];
    expect(item).toMatchObject({ type: 'webpage', title: 'Ministry statement', URL: 'https://mvd.example/news/1', accessed: { 'date-parts': [[2024, 11, 12]] }, author: [{ literal: 'durov' }] });
    expect(item.issued).toBeUndefined();
  });

  it('ask each platform which URL is its own: the account, display name and CSL type come from the scraper', () => {
    const c = citationFromManifest({ ...manifest, target: undefined, url: 'https://telegram.me/s/Meduzalive/100', metadata: {} }, sha, 'x');
    expect(c).toMatchObject({ platform: 'telegram', account: 'meduzalive' });
    expect(citationsMarkdown([c])).toContain('- Telegram, meduzalive:');
    expect(citationsCslJson([c])[0]).toMatchObject({ type: 'post', 'container-title': 'Telegram' });
    // A page no platform claims is a web page of its host.
    const other = citationFromManifest({ ...manifest, target: undefined, url: 'https://mvd.example/news/1', metadata: { title: 'Statement' } }, sha, 'x');
    expect(other).toMatchObject({ platform: 'mvd.example', account: 'news' });
    expect(citationsCslJson([other])[0]).toMatchObject({ type: 'webpage' });
  });
});

describe('citations of posts and events', () => {
  const post = {
    targetId: 'durov', id: 'durov/523', url: 'https://t.me/durov/523', text: 'First words of a post that was edited and then deleted by its author', publishedAt: '2024-11-11T08:00:00Z',
    edited: true, deleted: true, deletedAt: '2024-11-14T09:00:00.000Z',
    versions: [{ sha256: 'aa'.repeat(32), observedAt: '2024-11-12T10:00:00.000Z', observationId: 'O1' }, { sha256: 'bb'.repeat(32), observedAt: '2024-11-13T10:00:00.000Z', observationId: 'O2' }],
  };

  it('say what happened to a post and its account, with the latest version hash and the ledger position', () => {
    const c = citationFromPost(post, { platform: 'telegram', account: '@durov', state: 'restricted', stateSince: '2024-11-15T00:00:00Z' }, 'https://v.example/p', { key: 'observations/2024/11/13/O2.json', seq: 41 });
    expect(c).toMatchObject({ kind: 'post', sha256: 'bb'.repeat(32), archivedAt: '2024-11-12T10:00:00.000Z', ledgerSeq: 41 });
    expect(c.happened).toBe('edited (2 versions archived); deleted by 2024-11-14 09:00:00 UTC; account blocked (seen 2024-11-15 00:00:00 UTC)');
    expect(citationsMarkdown([c])).toContain('. Edited (2 versions archived); deleted by 2024-11-14 09:00:00 UTC; account blocked (seen 2024-11-15 00:00:00 UTC). Archived 2024-11-12 10:00:00 UTC by Vigil; SHA-256 ' + 'bb'.repeat(32) + '; ledger entry 41; https://v.example/p');
    expect(postHappened({ edited: false, deleted: false, versions: post.versions.slice(0, 1) })).toBeUndefined();
  });

  it('cite an event with its window and confirmation', () => {
    const e = { id: 'E1', type: 'post_deleted', status: 'confirmed', postId: 'durov/523', detectedAt: '2024-11-14T09:00:00Z', confirmedAt: '2024-11-14T09:10:00Z', window: { lastOkAt: '2024-11-13T10:00:00Z', firstChangedAt: '2024-11-14T09:00:00Z' } };
    const c = citationFromEvent(e, { platform: 'telegram', account: '@durov' }, { title: 'First words', url: post.url }, 'cc'.repeat(32), 'https://v.example/e');
    expect(c.title).toBe('post deleted: First words');
    expect(c.happened).toBe('post deleted between 2024-11-13 10:00:00 UTC and 2024-11-14 09:00:00 UTC (confirmed 2024-11-14 09:10:00 UTC)');
    expect(citationsCsv([c]).split('\r\n')[1]).toContain(',event,post deleted between');
  });
});
