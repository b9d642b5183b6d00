/** Error codes of making and checking attestations (src/signing/attest). */
export const ATTEST_ERRORS = {
  PREDICATE_INVALID: {
    category: 'usage',
    summary:
      'A predicate file is not what its --type needs (JSON, the SLSA schema) or is over the size limit; the message names the file and field.',
  },
  PREDICATE_TYPE_UNKNOWN: {
    category: 'usage',
    summary: "--type is neither one of cosign's predicate type names nor a URI.",
  },
  ATTESTATION_NOT_FOUND: {
    category: 'verification',
    summary: 'The image or file has no attestation (of the type asked for) at all.',
  },
  ATTESTATION_UNVERIFIED: {
    category: 'verification',
    summary:
      'Attestations exist but none verifies with the key, names the digest, has the type and satisfies the policy or provenance checks; each is listed with its reason.',
  },
  ATTESTATION_POLICY_INVALID: {
    category: 'config',
    summary:
      'The --policy file of verify-attestation is not a CEL expression returning a bool over the statement.',
  },
  PROVENANCE_INCOMPLETE: {
    category: 'usage',
    summary:
      'signet provenance cannot tell the builder, build type or subject: run it in a known CI system or give the flags the message names.',
  },
} as const;
