// Public API of the catalog.
export { createCatalog, catalogOver, type CatalogOptions } from './catalog.js';
export { reindex, reindexSince, type ReindexSource, type ReindexStats } from './reindex.js';
export { contentKey } from './apply.js';
export type { Catalog, TargetDef, TargetRow, PostRow, PostVersion, EventRow, EventFilter, StatePost } from './types.js';
