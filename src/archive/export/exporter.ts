// The exporter behind `GET /api/export` and `vigil export`: one selector (capture, event,
// target or search) plus an optional time window becomes a case.zip, resolved through the
// catalog, built from the bucket, sealed with the ledger key, and recorded as a custody entry.
import { VigilError } from '../../errors.js';
import { buildPackage, type ExportDeps } from './package.js';
import { catalogResolver, type ExportCatalog } from './catalog-resolver.js';
import type { Selection } from './select.js';
import type { PageRenderer } from './renderings.js';

/**
 * What a caller asks for (API query / CLI flags). `q` and `search` are the same thing. With a
 * search, `target`, `platform`, `tag`, `deleted`, `since` and `until` are its filters, exactly as
 * GET /api/search takes them, so the package holds the posts the search lists.
 */
export interface ExportRequest {
  capture?: string;
  event?: string;
  target?: string;
  q?: string;
  search?: string;
  platform?: string;
  tag?: string;
  deleted?: boolean;
  since?: string;
  until?: string;
}

export interface ExportResult {
  body: Buffer;
  filename: string;
  contentType: string;
  /** sha256 of the ZIP, as recorded in the custody entry. */
  sha256: string;
  checkpointSize: number;
}

export interface Exporter {
  export(req: ExportRequest, ctx?: { actor?: string }): Promise<ExportResult>;
}

export interface ExporterDeps extends Omit<ExportDeps, 'resolve' | 'render'> {
  catalog: ExportCatalog;
  /** Starts an offline page renderer for one export (closed after it); none: no renderings. */
  renderer?: () => { render: PageRenderer; close(): Promise<void> };
  maxPosts?: number;
  now?: () => Date;
}

type Kind = 'capture' | 'event' | 'target' | 'search';

/** The one selector of a request, checked. Pure. */
export function selectorOf(req: ExportRequest): { kind: Kind; value: string } {
  const search = req.q ?? req.search;
  const searching = typeof search === 'string' && search.trim() !== '';
  if (!searching && (req.platform !== undefined || req.tag !== undefined || req.deleted !== undefined)) {
    throw new VigilError('VGL_BAD_REQUEST', 'export: platform, tag and deleted filter a search; give q as well');
  }
  // With a search, target is one of its filters, not a selector of its own.
  const target = searching ? undefined : req.target;
  const given = ([['capture', req.capture], ['event', req.event], ['target', target], ['search', search]] as const).filter(
    (p): p is readonly [Kind, string] => typeof p[1] === 'string' && p[1].trim() !== '',
  );
  if (given.length !== 1) {
    throw new VigilError('VGL_BAD_REQUEST', `export: give exactly one of capture, event, target, q (got ${given.length ? given.map((g) => g[0]).join(', ') : 'none'})`);
  }
  return { kind: given[0][0], value: given[0][1].trim() };
}

/** The package selection for a request. Pure. */
export function selectionOf(req: ExportRequest): Selection {
  const { kind, value } = selectorOf(req);
  const window = { ...(req.since ? { from: req.since } : {}), ...(req.until ? { to: req.until } : {}) };
  switch (kind) {
    case 'capture':
      return { captureIds: [value], ...window };
    case 'event':
      return { eventIds: [value], ...window };
    case 'target':
      return { targetIds: [value], ...window };
    case 'search': {
      const f = { target: req.target, platform: req.platform, tag: req.tag, deleted: req.deleted };
      const filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
      return { query: value, ...window, ...(Object.keys(filters).length ? { searchFilters: filters } : {}) };
    }
  }
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** e.g. vigil-target-durov-20241112T100000Z.zip. Pure. */
export function packageFilename(req: ExportRequest, at: Date): string {
  const { kind, value } = selectorOf(req);
  const slug = value.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 48) || kind;
  return `vigil-${kind}-${slug}-${stamp(at)}.zip`;
}

export function createExporter(deps: ExporterDeps): Exporter {
  const now = deps.now ?? (() => new Date());
  const resolve = catalogResolver({ store: deps.store, catalog: deps.catalog, maxPosts: deps.maxPosts });
  return {
    async export(req, ctx = {}) {
      const selection = selectionOf(req);
      const r = deps.renderer?.();
      let pkg;
      try {
        pkg = await buildPackage({ ...deps, resolve, actor: ctx.actor ?? deps.actor, ...(r ? { render: (html, o) => r.render(html, o) } : {}) }, selection);
      } finally {
        await r?.close();
      }
      return { body: pkg.zip, filename: packageFilename(req, now()), contentType: 'application/zip', sha256: pkg.sha256, checkpointSize: pkg.checkpointSize };
    },
  };
}
