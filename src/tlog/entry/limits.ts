/**
 * Size bounds on proposed entries. Every field is attacker-controlled and checked
 * against these before it is decoded or hashed.
 */

/**
 * Whole request body: rekor-tiles' server caps bodies at 4 MiB (internal/cli/flags.go),
 * which still holds the SBOM attestations DSSE entries usually carry.
 */
export const MAX_PROPOSED_ENTRY_BYTES = 4 * 1024 * 1024;

/** A DSSE envelope travels inside the body as a JSON string, so it shares its bound. */
export const MAX_ENVELOPE_BYTES = MAX_PROPOSED_ENTRY_BYTES;

/** One PEM key or certificate: a certificate with long SAN lists stays well below this. */
export const MAX_VERIFIER_BYTES = 64 * 1024;

/** An RSA-4096 signature is 512 bytes; ECDSA P-521 DER at most 139. */
export const MAX_SIGNATURE_BYTES = 4 * 1024;

/** DSSE signatures and verifiers per entry: real envelopes carry one; a few allow co-signing. */
export const MAX_DSSE_SIGNATURES = 8;
export const MAX_DSSE_VERIFIERS = 8;

/** In-toto subjects indexed for search per DSSE entry; more are still logged, just not indexed. */
export const MAX_INDEXED_SUBJECTS = 64;
