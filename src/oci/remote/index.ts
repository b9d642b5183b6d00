/** Public surface of the registry client. */
export { RegistryClient } from './client.js';
export type { RegistryClientOptions } from './options.js';
export { DEFAULT_TIMEOUT_MS } from './options.js';
export type { FetchedManifest } from './manifests.js';
export type { Referrers } from './referrers.js';
export { referrersTag } from './referrers.js';
export { REMOTE_ERRORS } from './errors.js';
export { isRacingTagWriteRefusal } from './racing-tag-write.js';
