import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { GENESIS_PREV, entryHash, ledgerKey, parseEntry, seqFromKey, serializeEntry, type LedgerEntry } from '../../../src/archive/ledger/entry.js';

const entry: LedgerEntry = {
  v: 1,
  seq: 0,
  prev: GENESIS_PREV,
  ts: '2024-11-12T10:00:00.000Z',
  type: 'capture',
  key: 'captures/2024/11/12/01JCRX.json',
  sha256: 'a'.repeat(64),
  size: 123,
  writer: 'host:1',
  fence: 7,
};

describe('ledger entry serialization', () => {
  it('writes sorted keys, no spaces, trailing newline, omits undefined versionId', () => {
    const text = serializeEntry(entry).toString('utf8');
    expect(text).toBe(
      `{"fence":7,"key":"captures/2024/11/12/01JCRX.json","prev":"${'0'.repeat(64)}","seq":0,"sha256":"${'a'.repeat(64)}","size":123,"ts":"2024-11-12T10:00:00.000Z","type":"capture","v":1,"writer":"host:1"}\n`,
    );
  });

  it('is independent of property order and hashes the stored bytes (sha256sum reproduces it)', () => {
    const shuffled = Object.fromEntries(Object.entries({ ...entry, versionId: 'v1' }).reverse()) as LedgerEntry;
    const bytes = serializeEntry(shuffled);
    expect(bytes.equals(serializeEntry({ ...entry, versionId: 'v1' }))).toBe(true);
    expect(entryHash(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('round-trips and rejects edited or non-canonical bytes', () => {
    const bytes = serializeEntry(entry);
    expect(parseEntry(bytes, ledgerKey(0))).toEqual(entry);
    expect(() => parseEntry(Buffer.from(bytes.toString().replace('"size":123', '"size":124').replace('\n', ' \n')))).toThrow(/canonical/);
    expect(() => parseEntry(Buffer.from(JSON.stringify(entry, null, 1)))).toThrow(/canonical/);
    expect(() => parseEntry(bytes, ledgerKey(1))).toThrow(/does not match its key/);
    expect(() => parseEntry(Buffer.from('{"v":1}\n'))).toThrow(/not a ledger entry.*seq/);
    expect(() => parseEntry(Buffer.from('nope'))).toThrow(/not valid JSON/);
  });

  it('pads keys to 12 digits and parses them back', () => {
    expect(ledgerKey(42)).toBe('ledger/000000000042.json');
    expect(seqFromKey('ledger/000000000042.json')).toBe(42);
    expect(seqFromKey('ledger/42.json')).toBeNull();
  });
});
