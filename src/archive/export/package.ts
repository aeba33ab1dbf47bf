// Evidence package (case.zip): artifacts with readable names, manifests, the ledger segment up
// to a signed checkpoint, inclusion proofs, keys, TSA chain, SHA256SUMS (+ seal), VERIFY.md and
// citations. Reads the bucket; writes nothing but a custody entry when a ledger is passed (and
// ledger tiles, when they have to be rebuilt). Reads only the ledger entries it ships: records are
// located through the checkpoints' ledger-index, proofs come from the tiles (ledger/tiles.ts).
import { sign } from 'node:crypto';
import type { Logger } from 'pino';
import { VigilError } from '../../errors.js';
import { blobKey, datedKey } from '../../ids.js';
import { CaptureManifest, EventRecord, ObservationRecord, type LedgerSink, type ObjectStore } from '../types.js';
import { entryHash, ledgerKey, sha256Hex } from '../ledger/entry.js';
import { PUBLIC_KEY_KEY, keyFingerprint, type SigningKey } from '../ledger/keys.js';
import { leafHash, verifyInclusion } from '../ledger/merkle.js';
import { checkpointKey, checkpointSizeFromKey, parseBody } from '../ledger/note.js';
import { TSA_CHAIN_KEY } from '../ledger/checkpoint.js';
import { streamEntries } from '../ledger/read.js';
import { locateEntries } from '../ledger/ledger-index.js';
import { TileMissingError, createTileReader, rebuildTiles } from '../ledger/tile-proofs.js';
import { appendCustody } from '../ledger/custody.js';
import { citationsCslJson, citationsCsv, citationsMarkdown, type Citation } from './citations.js';
import { packageCitations, type CitedRecord } from './package-citations.js';
import { renderings, type PageRenderer } from './renderings.js';
import { idResolver, type Selection, type SelectionResolver } from './select.js';
import { verifyMarkdown } from './verify-md.js';
import { zipFiles } from './zip.js';

export interface ExportDeps {
  store: ObjectStore;
  log: Logger;
  resolve?: SelectionResolver;
  /** Makes a fresh checkpoint when none covers the selection yet (Checkpointer.checkpoint). */
  checkpoint?: () => Promise<unknown>;
  /** Seal SHA256SUMS with the ledger key (SHA256SUMS.sig). */
  signingKey?: SigningKey;
  /** Record the export as a custody entry. */
  ledger?: LedgerSink;
  actor?: string;
  /** Link to the archived copy in the report authors' UI. */
  archiveUrl?: (captureId: string) => string;
  /** Link to any cited item (capture, post, event); default: archiveUrl for captures, else `vigil:<bucket key>`. */
  link?: (kind: 'capture' | 'post' | 'event', id: string, target: string, bucketKey: string) => string;
  /** Offline renderer of archived page bytes (Chromium, no network): renderings of posts never browser-captured. */
  render?: PageRenderer;
  /** Carry the whole chain up to the checkpoint when it is at most this long (default 5000). */
  maxChainSegment?: number;
}

export interface PackageIndexItem {
  kind: 'capture' | 'observation' | 'event';
  id: string;
  bucketKey: string;
  path: string;
  seq: number;
  sha256: string;
  /** Observations: the only posts of it this package carries (absent: all of them). */
  posts?: string[];
}

export interface BuiltPackage {
  zip: Buffer;
  sha256: string;
  checkpointSize: number;
  files: string[];
  citations: Citation[];
}

const safeFingerprint = (pem: string): string => {
  try {
    return keyFingerprint(pem);
  } catch {
    return 'unreadable';
  }
};
const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
const safePath = (s: string): string => s.split('/').map(safe).join('/');
const base = (key: string): string => key.split('/').pop()!;

export async function buildPackage(deps: ExportDeps, selection: Selection): Promise<BuiltPackage> {
  const { store } = deps;
  const sel = await (deps.resolve ?? idResolver(store))(selection);
  const files = new Map<string, Buffer>();
  const records = new Map<string, { kind: PackageIndexItem['kind']; body: Buffer }>();
  const get = async (key: string): Promise<Buffer> => {
    const b = await store.get(key);
    if (!b) throw new VigilError('VGL_NOT_FOUND', `export: ${key} is not in the bucket`);
    return b;
  };
  // Observation key -> the posts of it the package carries ('all', or only the posts selected).
  const scope = new Map<string, Set<string> | 'all'>();
  const widen = (key: string, postId?: string): void => {
    const cur = scope.get(key);
    if (cur === 'all') return;
    scope.set(key, postId ? (cur ?? new Set<string>()).add(postId) : 'all');
  };
  for (const k of sel.captures) records.set(k, { kind: 'capture', body: await get(k) });
  for (const k of sel.observations) {
    records.set(k, { kind: 'observation', body: await get(k) });
    if (sel.scope?.[k]) sel.scope[k].forEach((id) => widen(k, id));
    else widen(k);
  }
  for (const k of sel.events) {
    const body = await get(k);
    records.set(k, { kind: 'event', body });
    // An event's evidence (capture/observation ids) travels with it; an observation only with the
    // post the event is about (the poll's other posts are not evidence of it).
    const ev = EventRecord.parse(JSON.parse(body.toString('utf8')));
    for (const id of ev.evidence) {
      for (const [kind, prefix] of [['capture', 'captures'], ['observation', 'observations']] as const) {
        const key = datedKey(prefix, id);
        const b = records.has(key) ? null : await store.get(key);
        if (b) records.set(key, { kind, body: b });
        if (kind === 'observation' && records.has(key)) widen(key, ev.postId);
      }
    }
  }
  // Observations travel with the raw page bytes they were parsed from.
  for (const r of [...records.values()]) {
    if (r.kind !== 'observation') continue;
    for (const id of ObservationRecord.parse(JSON.parse(r.body.toString('utf8'))).captures) {
      const key = datedKey('captures', id);
      const b = records.has(key) ? null : await store.get(key);
      if (b) records.set(key, { kind: 'capture', body: b });
    }
  }
  if (!records.size) throw new VigilError('VGL_BAD_REQUEST', 'export: the selection matched no records');
  const includes = (key: string, postId: string): boolean => {
    const s = scope.get(key);
    return s === undefined || s === 'all' || s.has(postId);
  };

  // Ledger: each record's entry, found through the checkpoints' ledger-index (never by reading
  // the whole ledger); a record ledgered after the last checkpoint gets a fresh one first.
  const wants = new Map([...records].map(([k, r]) => [k, sha256Hex(r.body)]));
  let located = await locateEntries(store, wants, { log: deps.log, scan: !deps.checkpoint });
  if (located.size < wants.size && deps.checkpoint) {
    await deps.checkpoint();
    located = await locateEntries(store, wants, { log: deps.log });
  }
  for (const k of records.keys()) {
    if (!located.has(k)) throw new VigilError('VGL_VERIFY_FAILED', `export: ${k} has no ledger entry with its current hash; run \`vigil verify --bucket\``);
  }
  const seqOf = new Map([...located].map(([k, l]) => [k, l.seq]));
  const entryOf = new Map([...located.values()].map((l) => [l.seq, l.bytes]));
  let maxSeq = -1;
  let minSeq = Infinity;
  for (const s of seqOf.values()) [maxSeq, minSeq] = [Math.max(maxSeq, s), Math.min(minSeq, s)];

  // Smallest checkpoint covering every selected entry; make one if allowed.
  const covering = async (): Promise<number | undefined> => {
    let best: number | undefined;
    for await (const k of store.list('checkpoints/')) {
      const n = checkpointSizeFromKey(k);
      if (n !== null && n > maxSeq && (best === undefined || n < best)) best = n;
    }
    return best;
  };
  let n = await covering();
  if (n === undefined && deps.checkpoint) {
    await deps.checkpoint();
    n = await covering();
  }
  if (n === undefined) throw new VigilError('VGL_VERIFY_FAILED', `export: no signed checkpoint covers ledger entry ${maxSeq} yet; wait for the next checkpoint (integrity.checkpointEvery)`);
  const body = await get(checkpointKey(n, 'body'));
  const root = parseBody(body).root;
  files.set(`checkpoint/${n}.body`, body);
  files.set(`checkpoint/${n}.sig`, await get(checkpointKey(n, 'sig')));
  const tsr = await store.get(checkpointKey(n, 'tsr'));
  if (tsr) files.set(`checkpoint/${n}.tsr`, tsr);
  // The exporter's own key is the one to hand out; a bucket whose public key is another one was
  // tampered with, and its checkpoints must not travel under our name.
  const bucketPem = (await get(PUBLIC_KEY_KEY)).toString('utf8');
  const bucketFp = safeFingerprint(bucketPem);
  if (deps.signingKey && bucketFp !== deps.signingKey.fingerprint) {
    throw new VigilError(
      'VGL_VERIFY_FAILED',
      `export: the bucket's ${PUBLIC_KEY_KEY} (fingerprint ${bucketFp}) is not this archive's key (${deps.signingKey.fingerprint}); run \`vigil verify --bucket --key-fingerprint ${deps.signingKey.fingerprint}\``,
    );
  }
  const keyFp = deps.signingKey?.fingerprint ?? bucketFp;
  files.set('keys/ledger.pem', Buffer.from(deps.signingKey?.publicPem ?? bucketPem));
  const chainPem = await store.get(TSA_CHAIN_KEY);
  if (chainPem) files.set('tsa/chain.pem', chainPem);

  // Ledger files: the whole segment from the first selected entry to the checkpoint head when
  // small, otherwise just the selected entries and the head (the proofs cover the rest).
  const segment = n - minSeq <= (deps.maxChainSegment ?? 5000);
  const ledgerSeqs = segment ? Array.from({ length: n - minSeq }, (_, i) => minSeq + i) : [...new Set([...seqOf.values(), n - 1])].sort((a, b) => a - b);
  if (!entryOf.has(n - 1)) entryOf.set(n - 1, (await get(ledgerKey(n - 1))));
  if (segment) {
    for await (const { seq, bytes } of streamEntries(store, minSeq, n)) {
      if (!bytes) throw new VigilError('VGL_VERIFY_FAILED', `export: ${ledgerKey(seq)} is missing: the ledger has a gap; run \`vigil verify --bucket\``);
      files.set(ledgerKey(seq), bytes);
    }
  } else {
    for (const s of ledgerSeqs) files.set(ledgerKey(s), entryOf.get(s)!);
  }
  // Inclusion proofs from the tiles (a few KiB per proof); each is checked against the signed
  // root, and tiles that are missing or wrong are rebuilt once from the ledger.
  const proofsFor = async (): Promise<Map<number, Buffer[]>> => {
    const reader = createTileReader((k) => store.get(k), n);
    const out = new Map<number, Buffer[]>();
    for (const s of new Set(seqOf.values())) {
      const path = await reader.inclusionProof(s);
      if (!verifyInclusion(leafHash(entryOf.get(s)!), s, n, path, root)) throw new TileMissingError(`a tile on the path of entry ${s}`);
      out.set(s, path);
    }
    return out;
  };
  let paths: Map<number, Buffer[]>;
  try {
    paths = await proofsFor();
  } catch (e) {
    if (!(e instanceof TileMissingError)) throw e;
    deps.log.warn({ checkpoint: n, problem: e.message }, 'ledger tiles missing or stale; rebuilding them from the ledger');
    const rebuilt = await rebuildTiles(store, n, deps.log);
    if (!rebuilt.equals(root)) throw new VigilError('VGL_VERIFY_FAILED', `export: the ledger's entries 0..${n - 1} do not give the root signed in checkpoint ${n}; run \`vigil verify --bucket\``);
    paths = await proofsFor();
  }
  for (const [s, path] of paths) {
    const proof = { leafIndex: s, treeSize: n, leafHash: leafHash(entryOf.get(s)!).toString('hex'), path: path.map((h) => h.toString('hex')), root: root.toString('base64'), checkpoint: `checkpoint/${n}.body` };
    files.set(`proofs/${String(s).padStart(12, '0')}.json`, Buffer.from(JSON.stringify(proof, null, 2) + '\n'));
  }

  // Manifests, artifacts, citations.
  const index: PackageIndexItem[] = [];
  const cited: CitedRecord[] = [];
  const postBlobs = new Map<string, Buffer>();
  for (const [key, r] of records) {
    const dir = `${r.kind}s`;
    const path = `manifests/${dir}/${base(key)}`;
    const sha256 = sha256Hex(r.body);
    files.set(path, r.body);
    const json: unknown = JSON.parse(r.body.toString('utf8'));
    const id = base(key).split('.')[0];
    const scoped = scope.get(key);
    // A post's version may come from a poll whose record does not list it (a statement re-read on
    // its own page): the index promises only posts the observation lists.
    const listed = r.kind === 'observation' ? new Set(ObservationRecord.parse(json).posts.map((p) => p.id)) : undefined;
    const only = scoped && scoped !== 'all' ? [...scoped].filter((p) => !listed || listed.has(p)).sort() : undefined;
    index.push({ kind: r.kind, id, bucketKey: key, path, seq: seqOf.get(key)!, sha256, ...(only ? { posts: only } : {}) });
    cited.push({ kind: r.kind, key, json, sha256, seq: seqOf.get(key)! });
    if (r.kind === 'capture') {
      const m = CaptureManifest.parse(json);
      for (const a of m.artifacts) files.set(`artifacts/${safe(m.id)}/${safePath(a.name)}`, await get(blobKey(a.sha256)));
    } else if (r.kind === 'observation') {
      const o = ObservationRecord.parse(json);
      for (const p of o.posts) {
        if (!includes(key, p.id)) continue;
        const b = await get(blobKey(p.sha256));
        postBlobs.set(p.sha256, b);
        files.set(`artifacts/${safe(o.id)}/posts/${safe(p.id)}.json`, b);
      }
    }
  }
  index.sort((a, b) => a.seq - b.seq);
  const link = deps.link ?? ((kind: 'capture' | 'post' | 'event', id: string, _t: string, key: string) => (kind === 'capture' && deps.archiveUrl ? deps.archiveUrl(id) : `vigil:${key}`));
  const citations = packageCitations({ records: cited, includes, postBlob: (sha) => postBlobs.get(sha), link });
  if (deps.render) {
    const scopedOf = (key: string) => {
      const v = scope.get(key);
      return v && v !== 'all' ? v : undefined;
    };
    for (const [path, bytes] of await renderings(deps.render, deps.log, cited, scopedOf, files, citations)) files.set(path, bytes);
  }
  files.set('package-index.json', Buffer.from(JSON.stringify({ v: 1, checkpointSize: n, items: index }, null, 2) + '\n'));
  files.set('citations.md', Buffer.from(citationsMarkdown(citations)));
  files.set('citations.csv', Buffer.from(citationsCsv(citations)));
  files.set('citations.json', Buffer.from(JSON.stringify(citationsCslJson(citations), null, 2) + '\n'));
  files.set(
    'VERIFY.md',
    Buffer.from(
      verifyMarkdown({
        checkpointSize: n,
        keyFingerprint: keyFp,
        hasTsr: !!tsr && !!chainPem,
        hasSeal: !!deps.signingKey,
        ledgerFiles: segment ? ledgerSeqs.map(ledgerKey) : [],
        manifestEntries: index.map((i) => [i.path, ledgerKey(i.seq)]),
        headFile: ledgerKey(n - 1),
      }),
    ),
  );
  if (entryHash(entryOf.get(n - 1)!) !== parseBody(body).head) throw new VigilError('VGL_VERIFY_FAILED', `export: checkpoint ${n} does not match ledger entry ${n - 1}; run \`vigil verify --bucket\``);

  const sums = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, b]) => `${sha256Hex(b)}  ${p}`).join('\n') + '\n';
  files.set('SHA256SUMS', Buffer.from(sums));
  if (deps.signingKey) files.set('SHA256SUMS.sig', sign(null, Buffer.from(sums), deps.signingKey.privateKey));
  const zip = await zipFiles(files);
  const zipSha = sha256Hex(zip);
  if (deps.ledger) {
    await appendCustody({ store, ledger: deps.ledger }, 'export', deps.actor ?? 'vigil', { selection, sha256: zipSha, files: files.size, checkpoint: n });
  }
  deps.log.info({ records: records.size, files: files.size, checkpoint: n, sha256: zipSha }, 'package built');
  return { zip, sha256: zipSha, checkpointSize: n, files: [...files.keys()].sort(), citations };
}
