// One call that wires the ledger from settings: signing key (created on first start, fingerprint
// logged), public key published, checkpointer (entries/time/TSA) hooked after every append,
// repair on start; and the periodic crash repair every ledger-writing process runs.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Settings } from '../../config/schema.js';
import { VigilError, isVigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { createCheckpointer, type Checkpointer } from './checkpoint.js';
import { defaultKeyFile, loadOrCreateKey, publishPublicKey, type SigningKey } from './keys.js';
import { createLedger, type Ledger } from './ledger.js';

export interface IntegrityDeps {
  settings: Pick<Settings, 'dataDir' | 'integrity' | 'redis' | 's3'>;
  redis: Redis;
  store: ObjectStore;
  log: Logger;
}

export interface Integrity {
  ledger: Ledger;
  checkpointer: Checkpointer;
  key: SigningKey;
  /** Stops the checkpoint timer after a last checkpoint. */
  close(): Promise<void>;
}

export async function openIntegrity(deps: IntegrityDeps): Promise<Integrity> {
  const s = deps.settings.integrity;
  const keyFile = s.keyFile ?? defaultKeyFile(deps.settings.dataDir);
  const key = await loadOrCreateKey(keyFile);
  // The fingerprint verifiers pin (`vigil verify --key-fingerprint`): logged at every start.
  deps.log.info({ keyFingerprint: key.fingerprint, keyFile }, 'ledger signing key');
  await publishPublicKey(deps.store, key);
  let trustedPem: string | undefined;
  const caFile = s.tsaCaFile;
  if (s.tsaUrl && !caFile) {
    deps.log.warn({ tsaUrl: s.tsaUrl }, 'integrity.tsaUrl without integrity.tsaCaFile: timestamps are kept but `vigil verify` reports them "not anchored" until the TSA root is pinned');
  }
  if (caFile) {
    trustedPem = await readFile(caFile, 'utf8').catch((cause: unknown) => {
      throw new VigilError('VGL_CONFIG_INVALID', `integrity.tsaCaFile ${caFile}: cannot be read`, { cause });
    });
  }
  const checkpointer = createCheckpointer({
    store: deps.store,
    redis: deps.redis,
    prefix: deps.settings.redis.prefix,
    log: deps.log,
    key,
    origin: `vigil/${deps.settings.s3.bucket}`,
    entries: s.checkpointEntries,
    everyMs: s.checkpointEvery,
    tsa: s.tsaUrl ? { url: s.tsaUrl, trustedPem } : undefined,
  });
  const ledger = createLedger({
    redis: deps.redis,
    store: deps.store,
    log: deps.log,
    prefix: deps.settings.redis.prefix,
    afterAppend: (size) => checkpointer.afterAppend(size),
  });
  await repairOnce(ledger, deps.log);
  checkpointer.start();
  return {
    ledger,
    checkpointer,
    key,
    async close() {
      checkpointer.stop();
      await checkpointer.checkpoint().catch((err: unknown) => deps.log.warn({ err }, 'final checkpoint failed'));
    },
  };
}

/** One crash repair; a stopped ledger (VGL_LEDGER_DIVERGED) is reported, not fatal, so health can show it. */
async function repairOnce(ledger: Ledger, log: Logger): Promise<void> {
  await ledger.repair().catch((err: unknown) => {
    if (isVigilError(err, 'VGL_LEDGER_DIVERGED')) return; // logged where it was found; status() reports it
    log.warn({ err }, 'ledger repair failed; retried later');
  });
}

/**
 * Crash repair in every process that writes the ledger (any role): now, then every `everyMs`,
 * so an intent left by a crashed writer is ledgered even when no process restarts. Intents
 * younger than the repair grace are left to their writer. Returns the stop function.
 */
export async function startLedgerRepair(ledger: Ledger, log: Logger, everyMs = 60_000): Promise<() => void> {
  await repairOnce(ledger, log);
  const timer = setInterval(() => void repairOnce(ledger, log), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
