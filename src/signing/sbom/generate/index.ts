/**
 * SBOM generation from image layers: streamed, bounded, nothing unpacked on disk. Not pure
 * (it reads streams and opens rpm's SQLite database in memory), so it is kept apart from
 * the report readers in ../index.ts that policy code imports.
 */
export {
  catalogImage,
  platformName,
  type CatalogImageOptions,
  type ImageCatalog,
} from './image-sbom.js';
export { catalogPackages, type Catalog } from './catalog.js';
export {
  readImageFiles,
  DEFAULT_READ_LIMITS,
  type LayerSource,
  type ReadLimits,
} from './image-files.js';
export { readTarEntries, normalisePath, type TarEntry } from './tar-entries.js';
export { uncompressedLayer } from './layer-stream.js';
export {
  cycloneDxDocument,
  spdxDocument,
  SBOM_FORMATS,
  type SbomFormat,
  type SbomTool,
} from './sbom-documents.js';
export type { ImagePackage, Ecosystem } from './image-package.js';
