/** Sigstore bundles with DSSE in-toto statements: cosign v3's signature layout. */
export { BUNDLE_ERRORS } from './errors.js';
export {
  IN_TOTO_STATEMENT_V1,
  SIGN_PREDICATE_TYPE,
  buildSignStatement,
  parseStatement,
  subjectFor,
  type InTotoStatement,
  type StatementSubject,
} from './statement.js';
export {
  BUNDLE_V03_MEDIA_TYPE,
  MAX_BUNDLE_BYTES,
  bundleKeyHint,
  encodeDsseBundle,
  parseSigstoreBundle,
  type BundleMaterial,
  type ParsedBundle,
} from './sigstore-bundle.js';
export { signDsse, verifyDsseSignature } from './sign-statement.js';
export { verifyBundleTlogEntry } from './bundle-tlog.js';
export { transparencyLogEntryJson } from './tlog-entry-json.js';
export {
  MAX_BUNDLE_TLOG_ENTRIES,
  verifySignBundle,
  type BundleContext,
  type BundleReason,
  type BundleResult,
} from './verify-bundle.js';
export {
  encodeMessageSignatureBundle,
  type MessageSignatureBundleInput,
} from './message-signature-bundle.js';
