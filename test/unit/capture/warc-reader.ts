// A minimal WARC reader written independently of warcio (the writer), used by tests to
// check what we write: splits gzip members, parses headers, recomputes digests.
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';

export interface ParsedRecord {
  headers: Record<string, string>;
  block: Buffer;


}

const CRLF2 = Buffer.from('\r\n\r\n');
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Parses every record of an uncompressed WARC stream. */
export function parseWarc(raw: Buffer): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const end = raw.indexOf(CRLF2, pos);
    if (end < 0) throw new Error(`no header end at ${pos}`);
    const lines = raw.subarray(pos, end).toString('utf8').split('\r\n');
    if (!/^WARC\/1\.[01]$/.test(lines[0])) throw new Error(`bad version line ${JSON.stringify(lines[0])} at ${pos}`);
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = Number(headers['content-length']);
    if (!Number.isInteger(len)) throw new Error('missing Content-Length');
    const start = end + 4;
    out.push({ headers, block: raw.subarray(start, start + len) });
    if (!raw.subarray(start + len, start + len + 4).equals(CRLF2)) throw new Error('record not followed by CRLFCRLF');
    pos = start + len + 4;
  }
  return out;
}

/** Payload = block minus the HTTP header for application/http records, else the block. */
export function payloadOf(r: ParsedRecord): Buffer {
  if ((r.headers['content-type'] ?? '').startsWith('application/http')) {
    const i = r.block.indexOf(CRLF2);
    return i < 0 ? Buffer.alloc(0) : r.block.subarray(i + 4);
  }
  return r.block;
}

/** List of digest problems (empty = all good). */
export function checkDigests(records: ParsedRecord[]): string[] {
  const faults: string[] = [];
  for (const r of records) {
    const id = `${r.headers['warc-type']} ${r.headers['warc-target-uri'] ?? ''}`;
    const bd = r.headers['warc-block-digest'];
    if (r.headers['warc-type'] !== 'warcinfo' && !bd) faults.push(`${id}: no WARC-Block-Digest`);
    if (bd && bd !== sha(r.block)) faults.push(`${id}: block digest mismatch`);
    const pd = r.headers['warc-payload-digest'];
    if (['response', 'resource'].includes(r.headers['warc-type']) && !pd) faults.push(`${id}: no WARC-Payload-Digest`);
    if (pd && pd !== sha(payloadOf(r))) faults.push(`${id}: payload digest mismatch`);
  }
  return faults;
}

/** Reads a whole .warc.gz (gunzip handles the concatenated members). */
export function readWarcGz(gz: Buffer): ParsedRecord[] {
  return parseWarc(gunzipSync(gz));
}

/** Decodes the single record at [offset, offset+length) of a .warc.gz (what a CDXJ line points at). */
export function recordAt(gz: Buffer, offset: number, length: number): ParsedRecord {
  const recs = parseWarc(gunzipSync(gz.subarray(offset, offset + length)));
  if (recs.length !== 1) throw new Error(`expected one record at ${offset}, got ${recs.length}`);
  return recs[0];
}

/** Unzips every entry of a ZIP into memory (WACZ), noting which were stored uncompressed. */
export function unzip(buf: Buffer): Promise<Map<string, { bytes: Buffer; stored: boolean }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, { bytes: Buffer; stored: boolean }>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, { bytes: Buffer.concat(chunks), stored: e.compressionMethod === 0 });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

/** Full WACZ validation: datapackage hashes, CDXJ offsets -> matching records. Returns faults. */
export async function validateWacz(wacz: Buffer): Promise<{ faults: string[]; files: Map<string, { bytes: Buffer; stored: boolean }>; cdxj: Array<Record<string, unknown>> }> {
  const files = await unzip(wacz);
  const faults: string[] = [];
  const dpFile = files.get('datapackage.json');
  if (!dpFile) return { faults: ['no datapackage.json'], files, cdxj: [] };
  const dp = JSON.parse(dpFile.bytes.toString('utf8')) as { resources: Array<{ path: string; hash: string; bytes: number }> };
  for (const req of ['archive/data.warc.gz', 'indexes/index.cdxj', 'pages/pages.jsonl']) {
    if (!files.has(req)) faults.push(`missing ${req}`);
    if (!dp.resources.some((r) => r.path === req)) faults.push(`datapackage does not list ${req}`);
  }
  for (const r of dp.resources) {
    const f = files.get(r.path);
    if (!f) faults.push(`${r.path}: listed but absent`);
    else if (sha(f.bytes) !== r.hash || f.bytes.length !== r.bytes) faults.push(`${r.path}: hash/size mismatch`);
  }
  const digestFile = files.get('datapackage-digest.json');
  if (digestFile && JSON.parse(digestFile.bytes.toString('utf8')).hash !== sha(dpFile.bytes)) faults.push('datapackage-digest mismatch');
  const warc = files.get('archive/data.warc.gz');
  if (warc && !warc.stored) faults.push('data.warc.gz must be stored uncompressed in the zip');
  const cdxj: Array<Record<string, unknown>> = [];
  for (const line of (files.get('indexes/index.cdxj')?.bytes.toString('utf8') ?? '').split('\n').filter(Boolean)) {
    const m = /^(\S+) (\d{14}) (\{.*\})$/.exec(line);
    if (!m) {
      faults.push(`bad cdxj line ${line.slice(0, 80)}`);
      continue;
    }
    const j = JSON.parse(m[3]) as { url: string; offset: number; length: number; digest: string };
    cdxj.push(j);
    if (!warc) continue;
    try {
      const rec = recordAt(warc.bytes, j.offset, j.length);
      if (rec.headers['warc-target-uri'] !== j.url) faults.push(`cdxj ${j.url}: record at ${j.offset} is ${rec.headers['warc-target-uri']}`);
      if (sha(payloadOf(rec)) !== j.digest) faults.push(`cdxj ${j.url}: digest does not match record payload`);
    } catch (e) {
      faults.push(`cdxj ${j.url}: offset ${j.offset} unreadable: ${(e as Error).message}`);
    }
  }
  const pages = (files.get('pages/pages.jsonl')?.bytes.toString('utf8') ?? '').split('\n').filter(Boolean);
  if (!pages.length || JSON.parse(pages[0]).format !== 'json-pages-1.0') faults.push('pages.jsonl has no json-pages-1.0 header');
  if (pages.length < 2) faults.push('pages.jsonl lists no page');
  return { faults, files, cdxj };
}
