import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonBytes } from '../../../src/archive/json.js';
import { captureKey, eventKey, observationKey, seenKey, blobKey } from '../../../src/archive/keys.js';
import { LruSet } from '../../../src/archive/lru.js';
import { buildSeenBatch } from '../../../src/archive/seen-log.js';
import { SeenBatch } from '../../../src/archive/seen-format.js';
import { deterministicId, sha256Hex } from '../../../src/ids.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    const a = { b: 1, a: { z: [{ y: 2, x: 1 }], c: undefined }, c: 'x' };
    const b = { c: 'x', a: { z: [{ x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"z":[{"x":1,"y":2}]},"b":1,"c":"x"}');
    expect(jsonBytes(a).equals(jsonBytes(b))).toBe(true);
  });
  it('keeps array order and serializes dates via toJSON', () => {
    expect(canonicalJson([3, 1, { at: new Date(0) }])).toBe('[3,1,{"at":"1970-01-01T00:00:00.000Z"}]');
  });
  it('ends the stored bytes with one newline', () => {
    expect(jsonBytes({ a: 1 }).toString()).toBe('{"a":1}\n');
  });
});

describe('record keys', () => {
  const id = deterministicId(Date.UTC(2024, 10, 12, 23, 59, 59), 'seed');
  it('are dated by the id (UTC)', () => {
    expect(captureKey(id)).toBe(`captures/2024/11/12/${id}.json`);
    expect(observationKey(id)).toBe(`observations/2024/11/12/${id}.json`);
    expect(eventKey(id, 'confirmed')).toBe(`events/2024/11/12/${id}.confirmed.json`);
    expect(seenKey(id)).toBe(`seen/2024/11/12/${id}.json`);
  });
  it('content-addresses blobs', () => {
    const h = sha256Hex('hello');
    expect(blobKey(h)).toBe(`blobs/sha256/2c/f2/${h}`);
  });
});

describe('LruSet', () => {
  it('evicts the least recently used', () => {
    const l = new LruSet(2);
    l.add('a');
    l.add('b');
    expect(l.has('a')).toBe(true); // a becomes most recent
    l.add('c');
    expect(l.has('b')).toBe(false);
    expect(l.has('a')).toBe(true);
    expect(l.size).toBe(2);
  });
});

describe('buildSeenBatch', () => {
  const digest = sha256Hex('content');
  const e = (target: string, at: string) => ({ target, at, observationRef: '01J0000000000000000000000A', contentDigest: digest });
  it('orders entries deterministically and sets the time span', () => {
    const id = deterministicId(Date.UTC(2024, 0, 1), 'b');
    const a = buildSeenBatch(id, [e('t2', '2024-01-01T00:00:02Z'), e('t1', '2024-01-01T00:00:02Z'), e('t3', '2024-01-01T00:00:01Z')]);
    const b = buildSeenBatch(id, [e('t3', '2024-01-01T00:00:01Z'), e('t1', '2024-01-01T00:00:02Z'), e('t2', '2024-01-01T00:00:02Z')]);
    expect(jsonBytes(a).equals(jsonBytes(b))).toBe(true);
    expect(a.entries.map((x) => x.target)).toEqual(['t3', 't1', 't2']);
    expect([a.from, a.to]).toEqual(['2024-01-01T00:00:01Z', '2024-01-01T00:00:02Z']);
    expect(SeenBatch.parse(a)).toEqual(a);
  });
  it('costs well under 1 KiB per unchanged poll', () => {
    const id = deterministicId(Date.UTC(2024, 0, 1), 'c');
    const entries = Array.from({ length: 100 }, (_, i) => e(`telegram-channel-${i}`, new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString()));
    expect(jsonBytes(buildSeenBatch(id, entries)).length / 100).toBeLessThan(1024);
  });
});
