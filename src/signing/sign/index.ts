/** Signing images (both layouts) and blobs with cosign-compatible schemes. */
export { cosignSignatureOf } from './cosign-signature.js';
export {
  signImage,
  type SignImageOptions,
  type SignedImage,
  type SignatureLayout,
} from './sign-image.js';
export { signBlob, verifyBlob } from './sign-blob.js';
export {
  logDsseEnvelope,
  logLegacySignature,
  rekorBundleAnnotation,
  type LoggedEntry,
  type TransparencyLogWriter,
} from './transparency-log.js';
