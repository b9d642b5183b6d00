/** GPG simple signing for the command line: sign and verify images through lookaside stores. */
export { GPG_CLI_ERRORS } from './errors.js';
export { gpgSignImages, type GpgSignImagesOptions, type GpgSignResult } from './gpg-sign-images.js';
export {
  gpgVerifyImages,
  type GpgVerifyImagesOptions,
  type GpgVerifyResult,
} from './gpg-verify-images.js';
export { imageSignatures, manifestDigestOf } from './image-signatures.js';
export {
  lookasideSource,
  type LookasideSelection,
  type LookasideSource,
} from './lookaside-source.js';
export { readCliFile, readSecretLine } from './files.js';
