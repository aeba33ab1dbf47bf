// Public API of evidence packages.
export { buildPackage, type ExportDeps, type BuiltPackage, type PackageIndexItem } from './package.js';
export { verifyPackage, type PackageReport, type PackageVerifyOptions } from './verify-package.js';
export { DEFAULT_UNZIP_LIMITS, entryNameProblem, type UnzipLimits } from './zip-rules.js';
export { idResolver, type Selection, type ResolvedSelection, type SelectionResolver } from './select.js';
export { citationFromManifest, citationsMarkdown, citationsCsv, citationsCslJson, firstWords, type Citation } from './citations.js';
export { verifyMarkdown, verifyCommands } from './verify-md.js';
export { createExporter, selectionOf, selectorOf, itemsOf, parsePostRef, MAX_EXPORT_ITEMS, packageFilename, type Exporter, type ExporterDeps, type ExportRequest, type ExportResult } from './exporter.js';
export { catalogResolver, timeWindow, inWindow, postEvidence, type ExportCatalog, type CatalogResolverDeps, type TimeWindow } from './catalog-resolver.js';
