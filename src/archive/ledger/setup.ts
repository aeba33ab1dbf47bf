// One call that wires the ledger from settings: signing key (created on first start), public
// key published, checkpointer (entries/time/TSA) hooked after every append, repair on start.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Settings } from '../../config/schema.js';
import { VigilError } from '../../errors.js';
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
  const key = await loadOrCreateKey(s.keyFile ?? defaultKeyFile(deps.settings.dataDir));
  await publishPublicKey(deps.store, key);
  let trustedPem: string | undefined;
  const caFile = s.tsaCaFile;
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
  await ledger.repair();
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
