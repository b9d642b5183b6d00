/** What every endpoint handler of one running registry shares. */
import type { RegistryStorage } from './storage.js';
import type { UploadSessions } from './upload-sessions.js';

export interface RegistryContext {
  readonly storage: RegistryStorage;
  readonly uploads: UploadSessions;
  /** Serve the OCI 1.1 referrers API and `OCI-Subject`; false behaves like distribution 2.8. */
  readonly referrersApi: boolean;
  readonly maxBlobBytes: number;
  readonly maxManifestBytes: number;
}
