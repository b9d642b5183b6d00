/** Making and checking attestations: cosign's predicate types, both layouts, SLSA provenance. */
export { ATTEST_ERRORS } from './errors.js';
export { PREDICATE_TYPES } from './cosign-predicate-names.js';
export { MAX_PREDICATE_BYTES, predicateFromFile, predicateTypeUri } from './predicate-types.js';
export { checkPredicate } from './predicate-check.js';
export {
  SLSA_PROVENANCE_V1,
  validateSlsaV1Provenance,
  type SchemaProblem,
} from './slsa-v1-schema.js';
export {
  SLSA_PROVENANCE_V02,
  checkProvenance,
  normaliseSource,
  type ProvenanceExpectations,
} from './provenance-checks.js';
export {
  PREDICATE_TYPE_ANNOTATION,
  attestImage,
  type AttestImageOptions,
  type AttestedImage,
} from './attest-image.js';
export {
  verifyAttestations,
  type AttestationCandidate,
  type AttestationsVerdict,
  type VerifiedAttestation,
  type VerifyAttestationsOptions,
} from './verify-attestations.js';
export {
  fetchAttestations,
  type AttestationSource,
  type FetchedAttestations,
} from './fetch-attestations.js';
