// Public API of the catalog.
export { createCatalog, catalogOver, type CatalogOptions } from './catalog.js';
export { reindex, type ReindexSource, type ReindexStats } from './reindex.js';
export { contentKey } from './apply.js';
export type { Catalog, TargetDef, TargetRow, PostRow, PostVersion, EventRow, EventFilter } from './types.js';
