import { describe, expect, it } from 'vitest';
import { GENESIS_PREV, entryHash, ledgerKey, serializeEntry, type LedgerEntry } from '../../../src/archive/ledger/entry.js';
import { formatBody, parseBody } from '../../../src/archive/ledger/note.js';
import { checkChain } from '../../../src/archive/verify/chain.js';
import { verifyCommands, verifyMarkdown } from '../../../src/archive/export/verify-md.js';

const mk = (n: number): Map<number, Buffer> => {
  const m = new Map<number, Buffer>();
  let prev = GENESIS_PREV;
  for (let seq = 0; seq < n; seq++) {
    const e: LedgerEntry = { v: 1, seq, prev, ts: '2024-11-12T10:00:00.000Z', type: 'seen', key: `seen/${seq}`, sha256: 'b'.repeat(64), size: seq, writer: 'w', fence: 1 };
    const b = serializeEntry(e);
    m.set(seq, b);
    prev = entryHash(b);
  }
  return m;
};

describe('checkpoint note', () => {
  it('formats the signed-note lines and parses them back', () => {
    const body = { origin: 'vigil/bucket', size: 42, root: Buffer.alloc(32, 7), head: 'c'.repeat(64), time: '2024-11-12T10:00:00.000Z' };
    const bytes = formatBody(body);
    expect(bytes.toString()).toBe(`vigil/bucket\n42\n${Buffer.alloc(32, 7).toString('base64')}\nhead sha256:${'c'.repeat(64)}\ntime 2024-11-12T10:00:00.000Z\n`);
    expect(parseBody(bytes)).toEqual(body);
    expect(() => parseBody(Buffer.from(bytes.toString().replace('42', 'x')))).toThrow(/size/);
    expect(() => parseBody(Buffer.from(bytes.toString() + 'extra\n'))).toThrow(/5 lines/);
  });
});

describe('checkChain', () => {
  it('accepts an intact chain', () => {
    expect(checkChain(mk(5), 0, 5).faults).toEqual([]);
  });
  it('names a gap and an edited entry precisely', () => {
    const m = mk(6);
    m.delete(2);
    const edited = JSON.parse(m.get(4)!.toString()) as LedgerEntry;
    m.set(4, serializeEntry({ ...edited, key: 'seen/forged' }));
    const f = checkChain(m, 0, 6).faults.map((x) => `${x.code} ${x.key}`);
    expect(f).toEqual([`ledger_gap ${ledgerKey(2)}`, `ledger_prev_mismatch ${ledgerKey(4)}`]);
  });
});

describe('VERIFY.md', () => {
  it('lists runnable standard commands in one sh block', () => {
    const fp = 'ab'.repeat(32);
    const md = verifyMarkdown({ checkpointSize: 9, keyFingerprint: fp, hasTsr: true, hasSeal: false, ledgerFiles: ['ledger/000000000007.json', 'ledger/000000000008.json'], manifestEntries: [['manifests/captures/A.json', 'ledger/000000000007.json']], headFile: 'ledger/000000000008.json' });
    expect(verifyCommands(md)).toEqual([
      'sha256sum -c SHA256SUMS',
      `openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum | grep -q '^${fp} '`,
      'openssl pkeyutl -verify -pubin -inkey keys/ledger.pem -rawin -in checkpoint/9.body -sigfile checkpoint/9.sig',
      'openssl ts -verify -data checkpoint/9.sig -in checkpoint/9.tsr -CAfile tsa/chain.pem',
      `grep -qx "head sha256:$(sha256sum ledger/000000000008.json | cut -d' ' -f1)" checkpoint/9.body`,
      `grep -q '"prev":"'$(sha256sum ledger/000000000007.json | cut -d' ' -f1)'"' ledger/000000000008.json`,
      `grep -q '"sha256":"'$(sha256sum manifests/captures/A.json | cut -d' ' -f1)'"' ledger/000000000007.json`,
    ]);
    // The fingerprint is shown with the command that reproduces it, and the TSA chain is not called a root.
    expect(md).toContain(`    ${fp}\n`);
    expect(md).toContain('`openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum` prints it');
    expect(md).toContain('-CAfile TSA-ROOT.pem -untrusted tsa/chain.pem');
  });
});
