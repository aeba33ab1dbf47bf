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
import { createOfflineRenderer } from '../capture/offline-render.js';

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
  /** Chromium for offline renderings of posts never browser-captured (capture.chromiumPath); none: no renderings. */
  chromiumPath?: string;
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

/** Link to any cited item on this server (captures, posts, events), or the bucket key when it has no concrete address. */
export function itemLink(http: Pick<Settings['http'], 'host' | 'port' | 'publicUrl'>): (kind: 'capture' | 'post' | 'event', id: string, target: string, bucketKey: string) => string {
  const cap = captureLink(http);
  const base = http.publicUrl?.replace(/\/+$/, '') ?? (cap ? cap('').replace(/\/api\/captures\/$/, '') : undefined);
  return (kind, id, target, key) => {
    if (!base) return `vigil:${key}`;
    if (kind === 'capture') return `${base}/api/captures/${encodeURIComponent(id)}`;
    if (kind === 'event') return `${base}/api/events/${encodeURIComponent(id)}`;
    return `${base}/api/targets/${encodeURIComponent(target)}/posts/${encodeURIComponent(id)}`;
  };
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
    link: itemLink(deps.settings.http),
    ...(deps.chromiumPath ? { renderer: () => createOfflineRenderer({ chromiumPath: deps.chromiumPath! }) } : {}),
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
