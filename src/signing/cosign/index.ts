/** cosign signature formats: payloads, layers, and the containers-image dir: layout. */
export { COSIGN_ERRORS } from './errors.js';
export {
  COSIGN_ED25519_MODE,
  COSIGN_SIGNATURE_TYPE,
  CosignAnnotation,
  CosignMediaType,
  type SignatureLayer,
} from './signature-layer.js';
export {
  MAX_PAYLOAD_BYTES,
  buildSimpleSigningPayload,
  parseSimpleSigningPayload,
  type SimpleSigningInput,
  type SimpleSigningPayload,
} from './simple-signing.js';
export type { GoJsonScalar } from './go-json.js';
export {
  MAX_DIR_MANIFEST_BYTES,
  MAX_DIR_SIGNATURES,
  MAX_SIGNATURE_FILE_BYTES,
  encodeContainersSigstoreSignature,
  parseContainersSignature,
  readContainersDir,
  type ContainersDirImage,
  type ContainersSignature,
  type ReadContainersDirOptions,
} from './containers-dir.js';
