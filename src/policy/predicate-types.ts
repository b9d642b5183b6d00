/**
 * Attestation predicate types. policy-controller accepts cosign's `--type` short names but
 * warns that they are deprecated in favour of URIs (pkg/apis/policy/common/validation.go);
 * Signet maps them to the URIs cosign writes (cmd/cosign/cli/options/predicate.go) so the
 * engine only ever compares URIs.
 */
import {
  PREDICATE_TYPES,
  predicateTypeOfShortName,
} from '../signing/attest/cosign-predicate-names.js';

export type PredicateTypeResult =
  { ok: true; uri: string; deprecatedShortName?: string } | { ok: false; problem: string };

export function resolvePredicateType(value: string): PredicateTypeResult {
  const mapped = predicateTypeOfShortName(value);
  if (mapped !== undefined) return { ok: true, uri: mapped, deprecatedShortName: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      problem: `"${value}" is neither a URI nor one of cosign's short names (${Object.keys(PREDICATE_TYPES).join(', ')})`,
    };
  }
  if (url.protocol === '' || value.length > 2048) {
    return { ok: false, problem: `"${value.slice(0, 100)}" is not a usable predicate type URI` };
  }
  return { ok: true, uri: value };
}
