// The Archive workers write through: content-addressed blobs, immutable JSON records with
// deterministic keys and bytes, ledger append after the object is durable, and the outbox
// when the store is down ("durable somewhere" before a job is acknowledged).
import type { Logger } from 'pino';
import type { z } from 'zod';
import { VigilError, isVigilError } from '../errors.js';
import { sha256Hex } from '../ids.js';
import { CaptureManifest, EventRecord, ObservationRecord, type IntentClaim, type LedgerSink, type ObjectStore } from './types.js';
import { isBlobKey, isCompleteRecord } from './record-bytes.js';
import { jsonBytes } from './json.js';
import { blobKey, captureKey, eventKey, observationKey, seenKey } from './keys.js';
import { LruSet } from './lru.js';
import type { Outbox, SpoolHeader } from './outbox.js';
import { SeenBatch } from './seen-format.js';

type LedgerType = NonNullable<SpoolHeader['ledger']>;

export interface StoredRef {
  key: string;
  sha256: string;
  size: number;
  /** True when the object is in the local outbox, not yet in the bucket. */
  spooled: boolean;
}

export interface Archive {
  putBlob(bytes: Buffer, type: string): Promise<{ sha256: string; size: number }>;
  putCapture(manifest: CaptureManifest): Promise<StoredRef>;
  putObservation(record: ObservationRecord): Promise<StoredRef>;
  putEvent(record: EventRecord): Promise<StoredRef>;
  putSeen(batch: SeenBatch): Promise<StoredRef>;
  /** Writes a seen batch straight to the outbox without trying the store (a hung store must not hold memory). */
  spoolSeen(batch: SeenBatch): Promise<StoredRef>;
  getCapture(id: string): Promise<CaptureManifest | null>;
  /** Blob bytes, verified against their hash (VGL_STORE_INTEGRITY on mismatch). */
  getBlob(sha256: string): Promise<Buffer | null>;
  getJson<T extends z.ZodTypeAny>(key: string, schema: T): Promise<z.output<T> | null>;
  /** The stored bytes of a record (e.g. to hash a manifest exactly as it was ledgered). */
  getRecordBytes(key: string): Promise<Buffer | null>;
  listKeys(prefix: string): AsyncIterable<string>;
  /** Objects waiting in the outbox (metric). */
  pending(): number;
  /** Starts the outbox drain loop (no-op without an outbox). */
  start(): void;
  /** Stops the drain loop after one last drain attempt. */
  stop(): Promise<void>;
}

export interface ArchiveDeps {
  store: ObjectStore;
  log: Logger;
  ledger?: LedgerSink;
  /** Without an outbox, an unavailable store makes writes throw VGL_STORE_UNAVAILABLE. */
  outbox?: Outbox;
  /** How many known blob hashes to remember (skips a HEAD per repeated blob). */
  knownBlobs?: number;
}

const noLedger: LedgerSink = { append: async () => undefined };

export function createArchive(deps: ArchiveDeps): Archive {
  const { store, outbox } = deps;
  const ledger = deps.ledger ?? noLedger;
  const log = deps.log.child({ component: 'archive' });
  const known = new LruSet(deps.knownBlobs ?? 100_000);

  // Upload one object, then (only then) tell the ledger. Used directly and by the outbox drain.
  // Records and blobs are write-once: evidence is never overwritten. A record key that already
  // holds another complete record (a retried, non-deterministic job) keeps it. An object left
  // empty or truncated by a failed upload is no evidence: it is replaced (content addressing
  // and deterministic records say what the bytes must be).
  // Ledger, exactly once per record: the write that lands the object appends (only while its
  // intent is pending); a write that finds the object stored leaves it to whoever stored it
  // (their append, or repair() after a crash) and drops an intent it created itself.
  const land = async (h: Pick<SpoolHeader, 'key' | 'contentType' | 'sha256' | 'size' | 'ifNoneMatch' | 'ledger'>, body: Buffer, claim?: IntentClaim | void): Promise<{ sha256: string; size: number }> => {
    let r = await store.put(h.key, body, { contentType: h.contentType, sha256: h.sha256, ifNoneMatch: h.ifNoneMatch });
    let stored = { sha256: h.sha256, size: h.size };
    let wrote = !r.existed;
    if (r.existed) {
      const existing = await store.get(h.key);
      const actual = existing ? sha256Hex(existing) : h.sha256;
      if (existing && actual !== h.sha256) {
        if (isBlobKey(h.key) || !isCompleteRecord(existing)) {
          log.warn({ key: h.key, size: existing.length, expected: h.size }, 'replacing an object a failed upload left empty or truncated');
          r = await store.put(h.key, body, { contentType: h.contentType, sha256: h.sha256 });
          wrote = true;
        } else {
          stored = { sha256: actual, size: existing.length };
          log.warn({ key: h.key, kept: stored.sha256, refused: h.sha256 }, 'record key already holds other bytes; kept the stored record (evidence is never overwritten)');
        }
      }
    }
    if (!h.ledger) return stored;
    const entry = { type: h.ledger, key: h.key, sha256: stored.sha256, size: stored.size, versionId: r.versionId };
    if (!claim) await ledger.append(entry); // a sink without intents
    else if (wrote) await ledger.append(entry, { claim });
    else if (claim.fresh) await ledger.forget?.(h.key); // stored and ledgered before we came
    // else: the pending intent of an earlier writer of this key; it or repair() ledgers the object.
    return stored;
  };

  const intend = async (key: string, sha256: string, size: number, type?: LedgerType): Promise<IntentClaim | void> =>
    type ? ledger.intend?.({ type, key, sha256, size }) : undefined;

  // The outbox drain: claim the intent again (repair() may have dropped it while the object sat
  // in the spool), then land.
  const landSpooled = async (h: SpoolHeader, body: Buffer) => land(h, body, await intend(h.key, h.sha256, h.size, h.ledger));

  // Store or spool. Only "store unavailable" goes to the outbox; a rejected request is a bug or
  // misconfiguration and must surface.
  const write = async (key: string, body: Buffer, contentType: string, ledgerType?: LedgerType, ifNoneMatch?: boolean): Promise<StoredRef> => {
    const ref = { key, sha256: sha256Hex(body), size: body.length };
    // Intent first: a crash between the object write and the ledger append is finished by the
    // ledger's repair() on the next start instead of leaving an unledgered record.
    const claim = await intend(key, ref.sha256, ref.size, ledgerType);
    try {
      const stored = await land({ ...ref, contentType, ifNoneMatch, ledger: ledgerType }, body, claim);
      return { ...ref, ...stored, spooled: false };
    } catch (err) {
      if (!outbox || !isVigilError(err, 'VGL_STORE_UNAVAILABLE')) throw err;
      log.warn({ err, key }, 'store unavailable; spooling');
      await outbox.spool({ key, contentType, ifNoneMatch, ledger: ledgerType }, body);
      return { ...ref, spooled: true };
    }
  };

  const readRaw = async (key: string): Promise<Buffer | null> => {
    try {
      const got = await store.get(key);
      if (got) return got;
    } catch (err) {
      if (!outbox || !isVigilError(err, 'VGL_STORE_UNAVAILABLE')) throw err;
    }
    return outbox ? outbox.read(key) : null;
  };

  const putRecord = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: T, key: string, type: LedgerType) => {
    // Validate before writing: a malformed record in the bucket would poison reindex and verify.
    const r = schema.safeParse(value);
    if (!r.success) {
      const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return Promise.reject(new VigilError('VGL_INTERNAL', `refusing to write invalid ${type} record ${key} (${issues.join('; ')}); this is a bug in the caller`, { details: { key, issues } }));
    }
    return write(key, jsonBytes(r.data), 'application/json', type, true);
  };

  const archive: Archive = {
    async putBlob(bytes, type) {
      const sha256 = sha256Hex(bytes);
      const size = bytes.length;
      if (known.has(sha256)) return { sha256, size };
      const key = blobKey(sha256);
      let exists = false;
      try {
        const h = await store.head(key);
        exists = h !== null && h.size === size;
      } catch (err) {
        if (!outbox || !isVigilError(err, 'VGL_STORE_UNAVAILABLE')) throw err;
      }
      if (!exists) {
        const ref = await write(key, bytes, type, undefined, true);
        if (ref.spooled) return { sha256, size }; // not known to the bucket yet: don't cache
      }
      known.add(sha256);
      return { sha256, size };
    },
    putCapture: (m) => putRecord(CaptureManifest, m, captureKey(m.id), 'capture'),
    putObservation: (r) => putRecord(ObservationRecord, r, observationKey(r.id), 'observation'),
    putEvent: (r) => putRecord(EventRecord, r, eventKey(r.id, r.status), 'event'),
    putSeen: (b) => putRecord(SeenBatch, b, seenKey(b.id), 'seen'),
    async spoolSeen(b) {
      if (!outbox) throw new VigilError('VGL_STORE_UNAVAILABLE', 'no outbox to spill seen entries to (this process archives without one)');
      const body = jsonBytes(SeenBatch.parse(b));
      const key = seenKey(b.id);
      // Ledgered when the drain lands it, like any spooled record.
      await outbox.spool({ key, contentType: 'application/json', ifNoneMatch: true, ledger: 'seen' }, body);
      return { key, sha256: sha256Hex(body), size: body.length, spooled: true };
    },

    getCapture: (id) => archive.getJson(captureKey(id), CaptureManifest),

    async getBlob(sha256) {
      const bytes = await readRaw(blobKey(sha256));
      if (!bytes) return null;
      const actual = sha256Hex(bytes);
      if (actual !== sha256) {
        throw new VigilError('VGL_STORE_INTEGRITY', `blob ${blobKey(sha256)} is corrupt: its bytes hash to ${actual}; run \`vigil verify --bucket\``, {
          details: { key: blobKey(sha256), expected: sha256, actual },
        });
      }
      return bytes;
    },

    async getJson(key, schema) {
      const bytes = await readRaw(key);
      if (!bytes) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch (cause) {
        throw new VigilError('VGL_STORE_INTEGRITY', `${key} is not valid JSON; run \`vigil verify --bucket\``, { cause, details: { key } });
      }
      const r = schema.safeParse(parsed);
      if (!r.success) {
        const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new VigilError('VGL_STORE_INTEGRITY', `${key} does not match its schema (${issues.join('; ')})`, { details: { key, issues } });
      }
      return r.data as z.output<typeof schema>;
    },

    getRecordBytes: (key) => readRaw(key),
    listKeys: (prefix) => store.list(prefix),
    pending: () => outbox?.pending() ?? 0,
    start() {
      outbox?.start(landSpooled);
    },
    async stop() {
      if (!outbox) return;
      await outbox.stop();
      await outbox.drain(landSpooled).catch((err: unknown) => log.warn({ err }, 'final outbox drain failed'));
    },
  };
  return archive;
}
