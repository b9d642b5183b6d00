/**
 * Attestation predicate types. policy-controller accepts cosign's `--type` short names but
 * warns that they are deprecated in favour of URIs (pkg/apis/policy/common/validation.go);
 * Signet maps them to the URIs cosign writes (cmd/cosign/cli/options/predicate.go) so the
 * engine only ever compares URIs.
 */
export const PREDICATE_SHORT_NAMES: Readonly<Record<string, string>> = {
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
};

export type PredicateTypeResult =
  { ok: true; uri: string; deprecatedShortName?: string } | { ok: false; problem: string };

export function resolvePredicateType(value: string): PredicateTypeResult {
  const mapped = Object.prototype.hasOwnProperty.call(PREDICATE_SHORT_NAMES, value)
    ? PREDICATE_SHORT_NAMES[value]
    : undefined;
  if (mapped !== undefined) return { ok: true, uri: mapped, deprecatedShortName: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      problem: `"${value}" is neither a URI nor one of cosign's short names (${Object.keys(PREDICATE_SHORT_NAMES).join(', ')})`,
    };
  }
  if (url.protocol === '' || value.length > 2048) {
    return { ok: false, problem: `"${value.slice(0, 100)}" is not a usable predicate type URI` };
  }
  return { ok: true, uri: value };
}
