/** Public surface of the embedded OCI distribution registry. */
export { startRegistryServer, type RunningRegistryServer } from './server.js';
export type { RegistryServerOptions, StorageOption } from './registry-options.js';
export type { RegistryStorage, StoredManifest, OpenedBlob } from './storage.js';
export { MemoryStorage } from './memory-storage.js';
export { FilesystemStorage } from './filesystem-storage.js';
export { EMBEDDED_REGISTRY_ERRORS } from './errors.js';
