// Shadow-ban verdicts and their confirmation: repeated probes, two vantages, the confirmation span;
// a failed probe is no verdict; a clear probe dismisses; a held ban lifts.
import { describe, expect, it } from 'vitest';
import { phraseOf, replyVerdict, searchable, searchVerdict, shadowSignals, suggestionVerdict } from '../../../src/detect/shadow.js';
import { signalStep } from '../../../src/detect/signals.js';
import { emptyState, type TargetState } from '../../../src/detect/state.js';
import { post } from './helpers.js';

const M = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const confirm = { minObservations: 2, minSpanMs: 5 * M, minVantages: 2 };
const ok = (keys: string[]) => ({ state: 'ok' as const, keys });
const failed = { state: 'no_verdict' as const, keys: [], reason: 'rate_limited' };

describe('shadow-ban verdicts', () => {
  it('search: banned only when every answered search misses every visible post; a failed search is no verdict', () => {
    expect(searchVerdict('a', [{ probe: ok([]), expect: ['1', '2'], query: 'from:x' }]).verdict).toBe('banned');
    expect(searchVerdict('a', [{ probe: ok([]), expect: ['1'], query: 'from:x' }, { probe: ok(['2']), expect: ['2'], query: '"p"' }]).verdict).toBe('clear');
    expect(searchVerdict('a', [{ probe: failed, expect: ['1'], query: 'from:x' }]).verdict).toBe('no_verdict');
    expect(searchVerdict('a', []).verdict).toBe('no_verdict');
  });

  it('search expects only posts older than the index lag, not replies or forwards', () => {
    const at = T0 + 10 * M;
    const posts = [
      post(1, 'old enough', { publishedAt: iso(T0) }),
      post(2, 'a reply', { publishedAt: iso(T0), replyTo: { url: 'https://x.com/o/status/9' } }),
      post(3, 'too new', { publishedAt: iso(at - M) }),
    ];
    expect(searchable(posts, iso(at), 5 * M).map((p) => p.key)).toEqual(['1']);
    expect(phraseOf(post(1, 'one  two\nthree four five six seven eight nine'))).toBe('one two three four five six seven eight');
  });

  it('a handle search that lists the account itself finds it; one that lists neither it nor a post misses', () => {
    expect(searchVerdict('a', [{ probe: { ...ok([]), account: true }, expect: ['1'], query: 'handle:@x' }]).verdict).toBe('clear');
    expect(searchVerdict('a', [{ probe: { ...ok([]), account: false }, expect: ['1'], query: 'handle:@x' }, { probe: ok([]), expect: ['1'], query: 'phrase:p' }]).verdict).toBe('banned');
  });

  it('a post shown only with an age counts by the latest time that age allows', () => {
    const at = T0 + 3 * 24 * 60 * M;
    const aged = [post(1, 'three days old'), post(2, 'minutes old')];
    const bound = (p: { key: string }) => (p.key === '1' ? T0 : at - M);
    expect(searchable(aged, iso(at), 5 * M)).toEqual([]);
    expect(searchable(aged, iso(at), 5 * M, 5, bound).map((p) => p.key)).toEqual(['1']);
  });

  it('suggestion and reply verdicts', () => {
    expect(suggestionVerdict('a', { state: 'ok', found: false }).verdict).toBe('banned');
    expect(suggestionVerdict('a', { state: 'ok', found: true }).verdict).toBe('clear');
    expect(suggestionVerdict('a', { state: 'no_verdict', found: false, reason: 'login_wall' }).verdict).toBe('no_verdict');
    expect(replyVerdict('a', '5', { state: 'ok', placement: 'hidden' }).verdict).toBe('banned');
    expect(replyVerdict('a', '5', { state: 'ok', placement: 'shown' }).verdict).toBe('clear');
    expect(replyVerdict('a', '5', { state: 'no_verdict' }).verdict).toBe('no_verdict');
  });

  it('signals: clear anywhere is negative; banned with no clear is positive with its vantages', () => {
    const s = shadowSignals([suggestionVerdict('a', { state: 'ok', found: false }), suggestionVerdict('b', { state: 'no_verdict', found: false })]);
    expect(s).toMatchObject([{ type: 'shadowban_suggestion', verdict: 'positive', vantages: ['a'] }]);
    const n = shadowSignals([suggestionVerdict('a', { state: 'ok', found: false }), suggestionVerdict('b', { state: 'ok', found: true })]);
    expect(n[0]!.verdict).toBe('negative');
  });
});

describe('shadow-ban confirmation', () => {
  const run = (vantagesPerRound: string[][], policy = confirm) => {
    let s: TargetState = { ...emptyState(), state: 'ok', lastOkAt: iso(T0) };
    const out = { created: 0, confirmed: [] as string[], dismissed: 0, lifted: 0, state: s };
    vantagesPerRound.forEach((vs, i) => {
      const at = iso(T0 + i * 3 * M);
      const outcomes = vs.map((v) => (v.startsWith('!') ? suggestionVerdict(v.slice(1), { state: 'ok', found: true }) : v === '?' ? suggestionVerdict('c', { state: 'no_verdict', found: false }) : suggestionVerdict(v, { state: 'ok', found: false })));
      const r = signalStep(s, shadowSignals(outcomes), { targetId: 't', observationId: `o${i}`, observedAt: at }, policy);
      s = r.next;
      out.created += r.created.length;
      out.confirmed.push(...r.confirmed.map((c) => c.type));
      out.dismissed += r.dismissed.length;
      out.lifted += r.lifted.length;
    });
    out.state = s;
    return out;
  };

  it('confirms only after repeated probes from two vantages over the span', () => {
    const r = run([['a'], ['a'], ['a', 'b']]);
    expect(r.created).toBe(1);
    expect(r.confirmed).toEqual(['shadowban_suggestion']);
    expect(r.state.held?.shadowban_suggestion).toBeDefined();
  });

  it('one vantage cannot confirm: the candidate stays open however long it holds', () => {
    const r = run([['a'], ['a'], ['a'], ['a'], ['a']]);
    expect(r.confirmed).toEqual([]);
    expect(r.state.open).toHaveLength(1);
    expect(r.state.open[0]!.agree).toBe(5);
  });

  it('no-verdict rounds neither agree nor dismiss; a clear probe dismisses', () => {
    const r = run([['a'], ['?'], ['?']]);
    expect(r.state.open[0]!.agree).toBe(1);
    const d = run([['a'], ['b', '!c']]);
    expect(d.dismissed).toBe(1);
    expect(d.state.open).toEqual([]);
  });

  it('a confirmed ban that lifts leaves the held state, and a new ban is a new candidate', () => {
    const r = run([['a'], ['a', 'b'], ['a', 'b'], ['!a'], ['a', 'b']]);
    expect(r.confirmed).toEqual(['shadowban_suggestion']);
    expect(r.lifted).toBe(1);
    expect(r.created).toBe(2);
  });
});
