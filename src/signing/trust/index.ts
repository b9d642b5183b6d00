/** Sigstore trust material: trusted roots from files or the offline public-good seed. */
export { TRUST_ERRORS } from './errors.js';
export { parseTrustedRoot, MAX_TRUSTED_ROOT_BYTES } from './trusted-root.js';
export { publicGoodTrustedRoot, PUBLIC_GOOD_SOURCE } from './public-good.js';
export {
  chainFileRoot,
  customTrustedRoot,
  mergeTrustedRoots,
  readPemCertificates,
  type CustomRootInput,
} from './custom-root.js';
