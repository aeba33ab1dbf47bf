// WACZ 1.1.1 packer: archive/data.warc.gz + indexes/index.cdxj + pages/pages.jsonl +
// datapackage.json (sha256 of each file) + datapackage-digest.json. Replayable offline in
// ReplayWeb.page. Files are STORED (not deflated) so readers can seek into the WARC.
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import type { CdxEntry } from './types.js';

export interface WaczPage {
  url: string;
  ts: string; // ISO
  title?: string;
  text?: string;
}

export interface WaczInput {
  warc: Buffer;
  index: CdxEntry[];
  pages: WaczPage[];
  software: string;
  created: string; // ISO
  title?: string;
}

const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** SURT key as wabac.js computes it (host reversed, www stripped, query params sorted). */
export function surt(raw: string): string {
  if (!/^https?:/i.test(raw)) return raw;
  try {
    const u = new URL(raw.replace(/^(https?:\/\/)www\d*\./i, '$1').toLowerCase());
    let key = u.hostname.split('.').reverse().join(',');
    if (u.port) key += `:${u.port}`;
    key += `)${u.pathname}`;
    if (u.search) {
      u.searchParams.sort();
      key += `?${u.searchParams.toString()}`;
    }
    return key;
  } catch {
    return raw;
  }
}

/** 14-digit WARC timestamp from an ISO date. */
export const warcTimestamp = (iso: string): string => iso.replace(/[-:TZ]/g, '').replace(/\..*$/, '').slice(0, 14);

/** Sorted CDXJ lines for indexes/index.cdxj. */
export function buildCdxj(entries: CdxEntry[], filename: string): string {
  const lines = entries.map((e) => {
    const json: Record<string, string | number> = { url: e.url, mime: e.mime, digest: e.digest, length: e.length, offset: e.offset, filename };
    if (e.status !== undefined) json.status = e.status;
    if (e.recordType !== 'response') json.recordType = e.recordType;
    return `${surt(e.url)} ${warcTimestamp(e.date)} ${JSON.stringify(json)}`;
  });
  lines.sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function buildPagesJsonl(pages: WaczPage[]): string {
  const header = { format: 'json-pages-1.0', id: 'pages', title: 'All Pages' };
  return [header, ...pages.map((p, i) => ({ id: `page-${i}`, url: p.url, ts: p.ts, title: p.title, text: p.text }))].map((o) => JSON.stringify(o)).join('\n') + '\n';
}

const zipBytes = (zip: yazl.ZipFile): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });

/** Builds the .wacz bytes. Deterministic for the same input (fixed mtimes, fixed order). */
export async function buildWacz(input: WaczInput): Promise<Buffer> {
  const files: Array<[string, Buffer]> = [
    ['archive/data.warc.gz', input.warc],
    ['indexes/index.cdxj', Buffer.from(buildCdxj(input.index, 'data.warc.gz'), 'utf8')],
    ['pages/pages.jsonl', Buffer.from(buildPagesJsonl(input.pages), 'utf8')],
  ];
  const main = input.pages[0];
  const datapackage = {
    profile: 'data-package',
    wacz_version: '1.1.1',
    title: input.title ?? main?.title ?? main?.url ?? 'capture',
    created: input.created,
    modified: input.created,
    software: input.software,
    mainPageURL: main?.url,
    mainPageDate: main?.ts,
    resources: files.map(([path, bytes]) => ({ name: path.split('/').pop(), path, hash: sha256(bytes), bytes: bytes.length })),
  };
  const dpBytes = Buffer.from(JSON.stringify(datapackage, null, 2), 'utf8');
  const digest = Buffer.from(JSON.stringify({ path: 'datapackage.json', hash: sha256(dpBytes) }, null, 2), 'utf8');

  const zip = new yazl.ZipFile();
  const mtime = new Date(input.created);
  for (const [path, bytes] of files) zip.addBuffer(bytes, path, { compress: false, mtime });
  zip.addBuffer(dpBytes, 'datapackage.json', { compress: true, mtime });
  zip.addBuffer(digest, 'datapackage-digest.json', { compress: true, mtime });
  return zipBytes(zip);
}
