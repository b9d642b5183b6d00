/**
 * Lookaside signature storage for containers-image simple signatures
 * (containers/image docs/signature-protocols.md, containers-registries.d(5)): where an
 * image's `signature-N` files live, reading them from file:// and http(s):// stores, and
 * adding one without overwriting.
 */
export { LOOKASIDE_ERRORS } from './errors.js';
export {
  dockerPolicyIdentity,
  dockerPolicyNamespaces,
  dockerScopesMostSpecificFirst,
} from './docker-scopes.js';
export {
  EMPTY_REGISTRIES_CONFIG,
  MAX_REGISTRIES_FILE_BYTES,
  lookasideUrlFor,
  parseRegistriesD,
  useSigstoreAttachmentsFor,
  type LookasideNamespace,
  type RegistriesConfig,
  type RegistriesFile,
} from './registries-d.js';
export { builtinLookasideBase, loadRegistriesD, lookasideBaseFor } from './registries-d-files.js';
export {
  MAX_LOOKASIDE_SIGNATURES,
  isRepositoryPath,
  parseLookasideBase,
  redactUrl,
  signatureFolderUrl,
  signatureUrl,
} from './layout.js';
export {
  MAX_LOOKASIDE_SIGNATURE_BYTES,
  placeSignatureFile,
  readSignatureFile,
  readSignatureFolder,
  type PlaceResult,
  type PlaceSignature,
} from './file-store.js';
export {
  readLookasideSignatures,
  writeLookasideSignature,
  type LookasideImage,
  type StoredSignature,
} from './store.js';
export { uploadLookasideSignature, type UploadTarget } from './upload-client.js';
