// Evidence integrity for one process, from settings: the ledger with signed checkpoints (key
// created on first start, crash repair on open, checkpoint timer) and the exporter the API
// serves at /api/export. startApp's web role opens it and hands it to the API (exporter, ledgerStatus):
//   exporter: await openEvidence({ settings, log, redis: core.redis, store: core.store, catalog, onClose: (f) => stops.push(f) }),
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { ObjectStore } from '../archive/types.js';
import { openIntegrity, type Integrity } from '../archive/ledger/setup.js';
import { createExporter, type ExportCatalog, type Exporter } from '../archive/export/index.js';

export interface EvidenceDeps {
  settings: Pick<Settings, 'dataDir' | 'integrity' | 'redis' | 's3' | 'http'>;
  log: Logger;
  redis: Redis;
  store: ObjectStore;
  catalog: ExportCatalog;
  /** Registers the shutdown step (last checkpoint, timer stopped). */
  onClose?: (close: () => Promise<void>) => void;
  /** Who exports, in custody entries (default vigil@<host>); the API adds the client address. */
  actor?: string;
}

export interface Evidence extends Exporter {
  integrity: Integrity;
  close(): Promise<void>;
}

/** Link to a capture on this server, when it listens on a concrete address (else the bucket key stands in). */
export function captureLink(http: Pick<Settings['http'], 'host' | 'port'>): ((id: string) => string) | undefined {
  if (http.host === '0.0.0.0' || http.host === '::' || http.port === 0) return undefined;
  const host = http.host.includes(':') ? `[${http.host}]` : http.host;
  return (id) => `http://${host}:${http.port}/api/captures/${id}`;
}

export async function openEvidence(deps: EvidenceDeps): Promise<Evidence> {
  const log = deps.log.child({ component: 'evidence' });
  const integrity = await openIntegrity({ settings: deps.settings, redis: deps.redis, store: deps.store, log });
  const exporter = createExporter({
    store: deps.store,
    catalog: deps.catalog,
    log,
    signingKey: integrity.key,
    ledger: integrity.ledger,
    // An export needs a checkpoint covering its records; make one now rather than wait for the timer.
    checkpoint: () => integrity.checkpointer.checkpoint(),
    actor: deps.actor ?? `vigil@${hostname()}`,
    archiveUrl: captureLink(deps.settings.http),
  });
  let closed: Promise<void> | undefined;
  const evidence: Evidence = {
    integrity,
    export: (req, ctx) => exporter.export(req, ctx),
    close: () => (closed ??= integrity.close()),
  };
  deps.onClose?.(() => evidence.close());
  return evidence;
}
