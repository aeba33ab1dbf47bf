import { describe, expect, it } from 'vitest';
import { textDiff } from '../../../src/detect/text-diff.js';
import { editSides, sidesOfPatch, wordDiff } from '../../../src/api/ui/word-diff.js';
import { fmtEvery, parseTargetsCsv } from '../../../src/api/ui/csv.js';
import { targetStatus } from '../../../src/api/ui/status.js';
import { parseRange } from '../../../src/api/range.js';
import { pickLang, uiFor } from '../../../src/api/ui/i18n.js';
import { filterEvents } from '../../../src/api/ui/pages-events.js';
import { capturePage } from '../../../src/api/ui/pages-capture.js';
import { dossierPage } from '../../../src/api/ui/pages-dossier.js';
import { targetsPage } from '../../../src/api/ui/pages-targets.js';
import type { EventRow, TargetRow } from '../../../src/catalog/types.js';
import type { CaptureManifest } from '../../../src/archive/types.js';

const ev = (over: Partial<EventRow>): EventRow => ({
  id: 'E1', type: 'post_deleted', status: 'confirmed', target: 'a', detectedAt: '2024-11-12T10:00:00.000Z', confidence: 0.9, rule: 'r', evidence: [],
  window: { firstChangedAt: '2024-11-12T10:00:00.000Z' }, ...over,
});
const target = (over: Partial<TargetRow> = {}): TargetRow => ({
  id: 'a', spec: 'rss:https://example.org/rss', platform: 'rss', key: 'k', everyMs: 300_000, tags: ['x'], createdAt: '2024-01-01T00:00:00.000Z', state: 'ok', postCount: 3, ...over,
});

describe('edit diff, word by word', () => {
  it("marks exactly the changed words from the event's unified diff", () => {
    const before = 'Задержаны 14 человек.\nПротоколы составлены.\nСпецсредства не применялись.';
    const after = 'Задержаны 214 человек.\nПротоколы составлены.';
    const sides = sidesOfPatch(textDiff(before, after))!;
    expect(sides.before).toContain('Спецсредства');
    const s = editSides(textDiff(before, after), 'ignored', 'ignored');
    expect(s.removed).toEqual(expect.arrayContaining(['14']));
    expect(s.added).toEqual(['214']);
    expect(s.after.s).toContain('<ins class="w">214</ins>');
    expect(s.before.s).toContain('<del class="w">14</del>');
  });

  it('escapes archived text and falls back to the versions without a diff', () => {
    const s = editSides(undefined, 'a <script>x</script>', 'b <script>x</script>');
    expect(s.before.s).not.toContain('<script>');
    expect(s.after.s).toContain('&lt;script&gt;');
    expect(wordDiff('same', 'same').added).toEqual([]);
  });
});

describe('CSV import', () => {
  it('reads spec,every,tags with a header, quotes and bad lines reported', () => {
    const r = parseTargetsCsv('spec,every,tags\nrss:https://a.example/rss,5m,court|regional\n"rss:https://b.example/x?a=1,2",,\nx\nrss:https://c.example/rss,soon,\n');
    expect(r.rows).toEqual([{ spec: 'rss:https://a.example/rss', every: '5m', tags: ['court', 'regional'] }, { spec: 'rss:https://b.example/x?a=1,2' }]);
    expect(r.errors).toEqual(['line 4: no target spec (a platform:account spec or a URL)', 'line 5: every "soon" is not a duration like 30s, 5m, 1h']);
    expect(fmtEvery(300_000)).toBe('5m');
    expect(fmtEvery(1500)).toBe('1500ms');
  });
});

describe('status badges', () => {
  const now = Date.parse('2024-11-13T00:00:00.000Z');
  it('a transient answer is never a takedown; candidates, shadow bans and attacks show', () => {
    expect(targetStatus({ state: 'rate_limited' }, [], now).status).toBe('unknown');
    expect(targetStatus({ state: 'not_found' }, [], now).status).toBe('deleted');
    expect(targetStatus({ state: 'restricted' }, [], now).status).toBe('blocked');
    expect(targetStatus({ state: 'geo_blocked' }, [], now).status).toBe('geo-blocked');
    expect(targetStatus({ state: 'ok' }, [ev({ type: 'account_deleted', status: 'candidate' })], now).status).toBe('candidate');
    expect(targetStatus({ state: 'ok' }, [ev({ type: 'shadowban_search' }), ev({ type: 'attack_suspected', status: 'candidate' })], now).extra).toEqual(['shadow-banned', 'under-attack']);
    // A restore after the shadow ban clears it; an old attack no longer counts.
    const later = ev({ type: 'account_restored', detectedAt: '2024-11-12T12:00:00.000Z' });
    expect(targetStatus({ state: 'ok', paused: true }, [ev({ type: 'shadowban_search' }), later, ev({ type: 'attack_suspected', detectedAt: '2024-10-01T00:00:00.000Z' })], now).extra).toEqual(['paused']);
  });
});

describe('pure helpers', () => {
  it('HTTP ranges for the WACZ reader', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=2-4', 10)).toEqual({ kind: 'partial', start: 2, end: 4 });
    expect(parseRange('bytes=7-', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(parseRange('bytes=20-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,3-4', 10)).toEqual({ kind: 'full' });
  });

  it('language: query, then cookie, then Accept-Language', () => {
    expect(pickLang('ru', 'en', 'en')).toBe('ru');
    expect(pickLang(undefined, 'ru', 'en')).toBe('ru');
    expect(pickLang(undefined, undefined, 'ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(pickLang('de', 'xx', 'de-DE')).toBe('en');
    expect(uiFor('ru').t('targets')).toBe('Объекты');
  });

  it('events filtered by platform, tag and time (a bare until date covers its day)', () => {
    const targets = [target({ id: 'a', platform: 'rss', tags: ['court'] }), target({ id: 'b', platform: 'web', tags: [] })];
    const events = [ev({ id: '1', target: 'a', detectedAt: '2024-11-12T23:00:00.000Z' }), ev({ id: '2', target: 'b' }), ev({ id: '3', target: 'a', detectedAt: '2024-11-14T00:00:00.000Z' })];
    expect(filterEvents(events, targets, { platform: 'rss', until: '2024-11-12' }).map((e) => e.id)).toEqual(['1']);
    expect(filterEvents(events, targets, { tag: 'court', since: '2024-11-13' }).map((e) => e.id)).toEqual(['3']);
  });
});

describe('renderers escape archived content', () => {
  const m: CaptureManifest = {
    v: 1, id: '01JCAPTURE0000000000000000', kind: 'browser', status: 'done', url: 'javascript:alert(1)', tool: { name: 'vigil', version: '1' }, vantage: 'default',
    startedAt: '2024-11-12T10:00:00.000Z', finishedAt: '2024-11-12T10:00:05.000Z', metadata: { title: '<img src=x onerror=alert(1)>' },
    artifacts: [{ name: 'screenshot.png', sha256: 'a'.repeat(64), size: 1, type: 'image/png' }, { name: 'capture.wacz', sha256: 'b'.repeat(64), size: 1, type: 'application/wacz' }],
  };
  it('capture page: hostile URL neutered, text escaped, replay on the given origin', () => {
    const html = capturePage({ manifest: m, sha256: 'c'.repeat(64), text: '<script>alert(1)</script>', citations: { md: '<b>', csv: '', csl: '' }, replayBase: 'http://127.0.0.1:9/replay/', replaySource: 'http://127.0.0.1:9/wacz/x.wacz' });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('url="#"');
    expect(html).toContain('replaybase="http://127.0.0.1:9/replay/"');
    expect(html).toContain('<img class="shot" src="/api/blobs/' + 'a'.repeat(64));
    expect(capturePage({ manifest: m, sha256: 'c'.repeat(64), citations: { md: '', csv: '', csl: '' } })).not.toContain('<replay-web-page');
  });

  it('dossier and targets pages', () => {
    const d = dossierPage({ event: ['E1'], capture: [], post: [] }, [{ kind: 'event', id: 'E1', title: '<i>x</i>', at: '2024-11-12T10:00:00.000Z', text: '<script>', hashes: [{ label: 'event record', sha256: 'd'.repeat(64) }], ledger: [{ key: 'events/x', seq: 42 }] }], uiFor('ru'), { pdf: true });
    expect(d).toContain('#42');
    expect(d).toContain('&lt;script&gt;');
    expect(d).toContain('href="/dossier.pdf?event=E1"');
    expect(d).toContain('Досье по делу');
    const t = targetsPage([target({ id: 'a', tags: ['<x>'], paused: true })], [], uiFor('en'));
    expect(t).toContain('action="/targets/a/resume"');
    expect(t).toContain('&lt;x&gt;');
    expect(t).toContain('b-paused');
  });
});
