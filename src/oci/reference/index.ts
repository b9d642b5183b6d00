/**
 * Image references: parsing and normalising `[registry/]repository[:tag][@digest]` exactly as
 * docker and containerd read them, and printing them back. Pure: no I/O.
 */
export type { ImageReference } from './image-reference.js';
export { parseReference } from './parse.js';
export { familiarReference, formatReference, repositoryOf, withDigest, withTag } from './format.js';
export { isLoopbackRegistry, registryEndpoint } from './registry-host.js';
export { REFERENCE_ERRORS } from './errors.js';
