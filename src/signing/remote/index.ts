/** Signatures in registries: reading both layouts, writing `.sig` layers and bundle referrers, verifying images. */
export { SIGNATURE_STORE_ERRORS } from './errors.js';
export {
  EMPTY_JSON,
  emptySignatureManifest,
  sameSignature,
  signatureLayerDescriptor,
  type SignatureManifestJson,
} from './signature-manifest.js';
export {
  appendSignatureLayer,
  readSignatureManifest,
  type WriteOptions,
  type WriteResult,
} from './write-signature.js';
export {
  BUNDLE_CONTENT_ANNOTATION,
  BUNDLE_PREDICATE_ANNOTATION,
  bundleReferrerManifest,
  pushBundleReferrer,
  pushReferrerConfirmed,
  type PushBundleOptions,
} from './push-bundle.js';
export {
  encodeSignatureSet,
  parseSignatureFile,
  parseSignatureSet,
  type BundleSignature,
  type LegacySignatures,
  type SignatureSet,
} from './signature-set.js';
export { encodeCosignSignatureLines } from './cosign-signature-lines.js';
export {
  MAX_BUNDLES,
  fetchSignatures,
  fetchSignatureBundles,
  fetchLegacySignatures,
  type FetchSignaturesOptions,
  type SignatureLayouts,
  type SignatureLocation,
} from './fetch-signatures.js';
export {
  createImageVerifier,
  imageVerificationError,
  type ImageVerification,
  type ImageVerifier,
  type ImageVerifierOptions,
  type SignatureOutcome,
} from './image-verifier.js';
export { verifyImage, type VerifiedImage, type VerifyImageOptions } from './verify-image.js';
export {
  discoverAttachments,
  type AttachedItem,
  type Attachment,
  type AttachmentTree,
} from './discover-attachments.js';
