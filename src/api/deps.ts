// What the API needs, injected by the app composition (src/app) or by tests.
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CaptureManifest } from '../archive/types.js';
import type { Settings } from '../config/schema.js';
import type { Catalog, TargetDef } from '../catalog/types.js';
import type { HealthAlert } from '../workers/index-health.js';
import type { WebhookService } from '../workers/webhooks.js';
import type { SessionAlert } from '../fetch/sessions.js';
import type { AccessStore, Principal } from '../archive/access/store.js';
import type { AuditLog } from '../archive/access/audit.js';
import type { ExportRequest } from '../archive/export/exporter.js';

export interface TargetInput {
  spec: string;
  every?: string;
  id?: string;
  tags?: string[];
  /** network.vantages ids that poll the target (default: all, in rotation). */
  vantages?: string[];
}

/** Target management (src/app/targets.ts): validates the spec, writes targets/<id>.json, schedules. */
export interface TargetsService {
  add(input: TargetInput): Promise<TargetDef>;
  list(): Promise<TargetDef[]>;
  remove(id: string): Promise<void>;
  /** Pause/resume, change the interval, replace the tags (PATCH /api/targets/:id, the UI's forms). */
  update?(id: string, change: TargetChange): Promise<TargetDef>;
}

export interface TargetChange {
  every?: string;
  tags?: string[];
  paused?: boolean;
}

export interface CaptureService {
  /** Queue a browser capture; returns the capture id. */
  enqueue(url: string, target?: string): Promise<string>;
  /** Status of a capture not yet written to the bucket (queued/running), when known. */
  status?(id: string): Promise<CaptureManifest['status'] | null>;
}

/** What an export asks for: the exporter's own request type (one type, src/archive/export/exporter.ts). */
export type ExportQuery = ExportRequest;

export interface Exporter {
  /** `ctx.actor` names who asked, for the custody entry the export leaves in the ledger. */
  export(q: ExportQuery, ctx?: { actor?: string }): Promise<{ body: Buffer | Readable; filename: string; contentType?: string; sha256?: string }>;
}

/** Blob and manifest readers of the archive (src/archive/archive.ts). */
export interface ArchiveReader {
  getCapture(id: string): Promise<CaptureManifest | null>;
  getBlob(sha256: string): Promise<Buffer | null>;
  /** Stored bytes of a record (citations hash the manifest exactly as it was ledgered). */
  getRecordBytes?(key: string): Promise<Buffer | null>;
}

export interface HotState {
  get(targetId: string): Promise<Record<string, unknown> | null>;
}

/** Operational alerts (src/workers/index-health.ts): shown beside readiness, never instead of it. */
export interface HealthSource {
  alerts(opts?: { details?: boolean }): Promise<(HealthAlert | SessionAlert)[]>;
}

/** http.* settings; host and port are required, the rest default as in the config schema. */
export type ApiHttpSettings = Pick<Settings['http'], 'host' | 'port'> & Partial<Omit<Settings['http'], 'host' | 'port'>>;

export interface ApiDeps {
  settings: { http: ApiHttpSettings };
  log: Logger;
  catalog: Catalog;
  archive: ArchiveReader;
  targets: TargetsService;
  captures?: CaptureService;
  exporter?: Exporter;
  hotState?: HotState;
  /** prom-client registry to expose on /metrics (a fresh one when absent). */
  metrics?: Registry;
  /** Alerts for /healthz and GET /api/health (e.g. index_failed). */
  health?: HealthSource;
  /** Whether ledger appends are stopped (Redis and the bucket disagree); shown by /healthz and /metrics. */
  ledgerStatus?: LedgerStatusFn;
  /** Webhooks (alerts.webhooks): list, dead letters, test deliveries. */
  webhooks?: WebhookService;
  /** BullMQ queues shown by the ops dashboard (bull-board) at /ops/queues. */
  queues?: import('bullmq').Queue[];
  /** Prints a dossier's HTML to PDF (Chromium); absent: no PDF button. */
  printPdf?(html: string): Promise<Buffer>;
  /** Ledger positions of record keys, for citations (src/archive/ledger/positions.ts); none: citations carry the record key only. */
  ledgerPositions?: (keys: readonly string[]) => Promise<Map<string, number>>;
  /** Users, personal tokens and sessions (src/archive/access); none: only http.apiToken / loopback. */
  access?: AccessStore;
  /** The audit log in the bucket (target changes, exports, dossiers, logins, user changes). */
  audit?: AuditLog;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request is (set by the auth hook); undefined only on public routes. */
    user?: Principal;
  }
}

export type LedgerStatusFn = () => Promise<{ ok: true } | { ok: false; code: 'VGL_LEDGER_DIVERGED'; message: string; since: string }>;
