/** Sigstore bundle and keyless cosign signature verification with trusted roots: keys, Fulcio identities, logs, timestamps. */
export { KEYLESS_ERRORS } from './errors.js';
export {
  compileIdentityPolicy,
  checkIdentity,
  identityMismatch,
  GITHUB_WORKFLOW_OIDS,
  type FoundIdentity,
  type GithubWorkflowClaims,
  type IdentityPolicy,
  type IdentityPolicyFlags,
} from './identity-policy.js';
export {
  keylessBundleVerifier,
  verifyKeylessSignatureLayer,
  type KeylessLayerContext,
  type KeylessSignature,
  type KeylessTrust,
} from './verify-keyless-layer.js';
export { certificatesFromPem } from './legacy-layer-bundle.js';
export type { SigningTime } from './signer-identity.js';
export { digestSubject, subjectSha256, type BundleSubject } from './bundle-subject.js';
export {
  createBundleVerifier,
  MAX_BUNDLE_BYTES,
  type BundleTrust,
  type BundleVerification,
  type BundleVerifier,
  type BundleVerifierOptions,
} from './verify-sigstore-bundle.js';
export {
  verifyBundleFile,
  trustedRootFrom,
  type VerifyBundleFileRequest,
} from './verify-bundle-file.js';
export { chainBundleAsLeaf } from './chain-bundle-leaf.js';
