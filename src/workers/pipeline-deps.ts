// What the observe/confirm/archive processors need, passed in (nothing created at import).
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Archive } from '../archive/archive.js';
import type { SeenEntry } from '../archive/seen-format.js';
import type { Settings } from '../config/schema.js';
import { forPlatform, type HttpFetcher } from '../fetch/http-fetcher.js';
import type { Scraper, ScraperSettings } from '../scrapers/types.js';
import { parseSpec } from '../scrapers/registry.js';
import type { StateStore } from './state-store.js';
import type { WorkerMetrics } from './metrics.js';
import type { StateGate } from './state-gate.js';
import type { VantageRotation } from '../fetch/vantage-rotation.js';
import type { SessionStore } from '../fetch/sessions.js';
import { withSessions } from './session-fetch.js';
import type { AttackStore } from './attack-store.js';

/** One way to look at a platform for the shadow-ban probes: a vantage point or a session, by the name manifests carry. */
export interface ProbeVia {
  name: string;
  fetcher: Pick<HttpFetcher, 'fetch'>;
}

export interface PipelineDeps {
  log: Logger;
  settings: Pick<Settings, 'platforms' | 'detection' | 'archive' | 'capture'>;
  archive: Archive;
  seen: { record(entry: SeenEntry): void };
  fetcher: HttpFetcher;
  states: StateStore;
  getScraper(platform: string): Scraper<ScraperSettings>;
  queues: { confirm: Queue; index: Queue; archive: Queue; capture?: Queue };
  /** Name of this worker's vantage in manifests of fetches made without one (network.vantages ids otherwise). */
  vantage: string;
  /** network.vantages rotation (absent: every fetch goes out directly, the single default vantage). */
  vantages?: VantageRotation;
  /** Configured logged-in sessions (config `sessions`); absent or empty: every request logged out. */
  sessions?: SessionStore;
  /** How many recent posts the hot state keeps per target (older ones go to the deep store). */
  keepPosts?: number;
  /**
   * Vantages / sessions the shadow-ban probes run through (src/workers/shadow-probes.ts); absent =
   * this worker's own fetcher under `vantage` only (which cannot confirm a shadow-ban).
   */
  probeVias?: ProbeVia[];
  /** Counters shared by all workers (GET /metrics of the web role). */
  metrics?: WorkerMetrics;
  /** Holds polls back while Redis has lost the detection state (state-gate.ts). */
  stateGate?: StateGate;
  /** Cross-target memory of the attack rules (campaigns, report calls); absent = per-target rules only. */
  attacks?: AttackStore;
}

export const TOOL = { name: 'vigil-http', version: '0.1.0' } as const;

/** The platform of a target spec (`telegram:durov`, `tg:durov` or a URL -> its platform), as the registry resolves it. */
export const specPlatform = (spec: string): string => {
  try {
    return parseSpec(spec).platform;
  } catch {
    return 'unknown';
  }
};

/** Deps whose fetcher counts every request of this job against its platform's shared budget. */
export const platformDeps = (d: PipelineDeps, spec: string): PipelineDeps => {
  const platform = specPlatform(spec);
  const fetcher = forPlatform(d.fetcher, platform);
  // Steps of a platform with configured sessions carry one (rotated); a walled answer benches it.
  const out: PipelineDeps = { ...d, fetcher: d.sessions?.has(platform) ? withSessions(fetcher, d.sessions, d.getScraper(platform), d.log) : fetcher };
  // Probe vantages count against the same per-platform budget as the poll.
  if (d.probeVias) out.probeVias = d.probeVias.map((v) => ({ name: v.name, fetcher: { fetch: (step, opts = {}) => v.fetcher.fetch(step, { ...opts, platform: opts.platform ?? platform }) } }));
  return out;
};
