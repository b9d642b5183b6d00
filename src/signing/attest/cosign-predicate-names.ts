/**
 * The one table of cosign's `--type` short names and the predicate type URIs cosign writes
 * for them (cmd/cosign/cli/options/predicate.go). `signet attest` reads `--type` with it and
 * the policy engine maps policy-controller's deprecated short names with it
 * (pkg/apis/policy/common/validation.go). No imports: pure code takes it without I/O.
 */
export const PREDICATE_TYPES = {
  custom: 'https://cosign.sigstore.dev/attestation/v1',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  link: 'https://in-toto.io/Link/v1',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  openvex: 'https://openvex.dev/ns',
} as const;

/** The URI of a cosign short name, or undefined when `name` is not one. */
export function predicateTypeOfShortName(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(PREDICATE_TYPES, name)
    ? PREDICATE_TYPES[name as keyof typeof PREDICATE_TYPES]
    : undefined;
}
