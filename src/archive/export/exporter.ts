// The exporter behind `GET /api/export` and `vigil export`: one selector (capture, event,
// target or search), or several chosen items together (captures, events, posts: a dossier's one
// package), plus an optional time window becomes a case.zip, resolved through the catalog, built
// from the bucket, sealed with the ledger key, and recorded as a custody entry.
import { VigilError } from '../../errors.js';
import { buildPackage, type ExportDeps } from './package.js';
import { catalogResolver, type ExportCatalog } from './catalog-resolver.js';
import type { Selection } from './select.js';
import type { PageRenderer } from './renderings.js';

/**
 * What a caller asks for (API query / CLI flags); the one type of an export request (the API's
 * `ExportQuery` is this). `q` and `search` are the same thing. With a search, `target`,
 * `platform`, `tag`, `deleted`, `since` and `until` are its filters, exactly as GET /api/search
 * takes them, so the package holds the posts the search lists. `capture`, `event` and `post` may
 * each be repeated and combined: one package of every chosen item (a dossier's).
 */
export interface ExportRequest {
  capture?: string | readonly string[];
  event?: string | readonly string[];
  /** A post as `<target>|<postId>` (post ids hold "/", so a bar separates them). */
  post?: string | readonly string[];
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

type Kind = 'capture' | 'event' | 'post' | 'target' | 'search' | 'items';

/** Most items one package takes by id (a dossier holds at most as many). */
export const MAX_EXPORT_ITEMS = 200;

const idsOf = (v: string | readonly string[] | undefined): string[] =>
  [...new Set((typeof v === 'string' ? [v] : (v ?? [])).map((x) => x.trim()).filter((x) => x !== ''))];

/** `<target>|<postId>` -> its parts; VGL_BAD_REQUEST otherwise. Pure. */
export function parsePostRef(ref: string): { target: string; id: string } {
  const bar = ref.indexOf('|');
  const target = bar > 0 ? ref.slice(0, bar) : '';
  const id = bar > 0 ? ref.slice(bar + 1) : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(target) || !id || id.length > 300) {
    throw new VigilError('VGL_BAD_REQUEST', `export: post ${JSON.stringify(ref.slice(0, 80))} is not <target>|<postId> (e.g. durov|durov/523)`);
  }
  return { target, id };
}

/** The chosen items of a request (repeated capture, event, post), checked. Pure. */
export function itemsOf(req: ExportRequest): { capture: string[]; event: string[]; post: string[] } {
  const items = { capture: idsOf(req.capture), event: idsOf(req.event), post: idsOf(req.post) };
  const n = items.capture.length + items.event.length + items.post.length;
  if (n > MAX_EXPORT_ITEMS) throw new VigilError('VGL_BAD_REQUEST', `export: at most ${MAX_EXPORT_ITEMS} captures, events and posts in one package (got ${n}); export in parts`);
  items.post.forEach(parsePostRef);
  return items;
}

/**
 * The selector of a request, checked: exactly one of target, q, or chosen items (any number of
 * capture, event and post ids together: kind `items` when more than one). Pure.
 */
export function selectorOf(req: ExportRequest): { kind: Kind; value: string } {
  const search = req.q ?? req.search;
  const searching = typeof search === 'string' && search.trim() !== '';
  if (!searching && (req.platform !== undefined || req.tag !== undefined || req.deleted !== undefined)) {
    throw new VigilError('VGL_BAD_REQUEST', 'export: platform, tag and deleted filter a search; give q as well');
  }
  // With a search, target is one of its filters, not a selector of its own.
  const target = searching ? undefined : req.target;
  const items = itemsOf(req);
  const chosen = ([['capture', items.capture], ['event', items.event], ['post', items.post]] as const).filter((p) => p[1].length > 0);
  const given = [
    ...chosen.map((c) => c[0]),
    ...(typeof target === 'string' && target.trim() !== '' ? ['target'] : []),
    ...(searching ? ['search'] : []),
  ];
  if (given.length !== 1 && !(given.length > 1 && given.length === chosen.length)) {
    throw new VigilError(
      'VGL_BAD_REQUEST',
      `export: give exactly one of capture, event, target, q, or several capture, event and post ids together (got ${given.length ? given.join(', ') : 'none'})`,
    );
  }
  const n = chosen.reduce((a, c) => a + c[1].length, 0);
  if (n > 1) return { kind: 'items', value: String(n) };
  if (chosen.length === 1) return { kind: chosen[0][0], value: chosen[0][1][0]! };
  return { kind: given[0] as Kind, value: (given[0] === 'search' ? search! : target!).trim() };
}

/** The package selection for a request. Pure. */
export function selectionOf(req: ExportRequest): Selection {
  const { kind, value } = selectorOf(req);
  const window = { ...(req.since ? { from: req.since } : {}), ...(req.until ? { to: req.until } : {}) };
  switch (kind) {
    case 'capture':
    case 'event':
    case 'post':
    case 'items': {
      const items = itemsOf(req);
      return {
        ...(items.capture.length ? { captureIds: items.capture } : {}),
        ...(items.event.length ? { eventIds: items.event } : {}),
        ...(items.post.length ? { posts: items.post.map(parsePostRef) } : {}),
        ...window,
      };
    }
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

/** e.g. vigil-target-durov-20241112T100000Z.zip; several chosen items: vigil-items-3-….zip. Pure. */
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
