/** Public surface of the manifest module: media types, manifest shapes and parsing. */
export {
  MediaType,
  MANIFEST_ACCEPT,
  MAX_MANIFEST_BYTES,
  DOCKER_SCHEMA1_MEDIA_TYPES,
  isManifestMediaType,
} from './media-types.js';
export type { Platform, Descriptor, ImageManifest, ImageIndex, ParsedManifest } from './types.js';
export { parseManifest } from './parse.js';
export { MANIFEST_ERRORS } from './errors.js';
