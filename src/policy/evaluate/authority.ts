/**
 * Decides one authority for one image (policy-controller pkg/webhook/validator.go
 * ValidatePolicy): static gives its fixed answer, keyless verifies certificates against its
 * trusted root and identities (keyless.ts), a key authority with attestations needs every attestation satisfied, and without attestations
 * needs one signature that verifies with its key. Only the layout the authority's
 * `signatureFormat` names is read, as policy-controller has cosign read only that one.
 */
import { describeError } from '../../core/errors.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { CompiledAuthority } from '../compile.js';
import type { TrustRootDocument } from '../trust-root-types.js';
import { checkAttestation } from './attestations.js';
import type { PolicyEvidence } from './evidence.js';
import { fetchAuthoritySignatures, signatureSourceOf } from './evidence-requests.js';
import { compiledLogTrust } from './key-log-entry.js';
import { evaluateKeylessAuthority } from './keyless.js';
import { keyFromSecret, type ResolvedKey } from './secret-key.js';
import { checkSignatures } from './signatures.js';
import { staticFailureReason } from './verdict.js';
import { evaluateNotationAuthority } from './notation-authority.js';
import { keySigner, SIGNATURE_LAYOUTS, type VerifiedEvidence } from './verified-evidence.js';

/** Says where the authority looked, since the other layout is not read (policy-controller's rule). */
const NONE_FOUND = {
  legacy:
    "no signatures found in cosign's .sig tag; signatureFormat: bundle reads Sigstore bundles instead",
  bundle:
    'no Sigstore bundle signatures found among the referrers; signatureFormat: legacy reads .sig tags instead',
} as const;

/** `verified`: what this authority verified (absent for static and skipped Notation). */
export type AuthorityOutcome =
  { ok: true; verified?: VerifiedEvidence } | { ok: false; reason: string };

export async function evaluateAuthority(
  authority: CompiledAuthority,
  image: ImageReference & { digest: string },
  evidence: PolicyEvidence,
  trustRoots: ReadonlyMap<string, TrustRootDocument> = new Map(),
): Promise<AuthorityOutcome> {
  const name = authority.spec.name;
  switch (authority.kind) {
    case 'static':
      if (authority.spec.action === 'pass') return { ok: true };
      return { ok: false, reason: staticFailureReason(name, authority.spec.message) };
    case 'keyless':
      return evaluateKeylessAuthority(authority, image, evidence, trustRoots);
    case 'notation':
      return evaluateNotationAuthority(authority, image, evidence);
    case 'key':
      break;
  }
  const { spec } = authority;
  let resolved: ResolvedKey;
  if (spec.key.kind === 'inline' && authority.verifier !== undefined) {
    resolved = { key: spec.key.key, verifier: authority.verifier };
  } else if (spec.key.kind === 'secret') {
    const fromSecret = await keyFromSecret(evidence, spec.key.secretName);
    if (!fromSecret.ok)
      return {
        ok: false,
        reason: `the key of authority "${name}" is unavailable: ${fromSecret.reason}`,
      };
    resolved = fromSecret.resolved;
  } else {
    return { ok: false, reason: `authority "${name}" has no key` };
  }
  const source = signatureSourceOf(authority, image);

  if (authority.attestations.length === 0) {
    const fetched = await fetchAuthoritySignatures(evidence, authority, image);
    if (!fetched.ok) return fetched;
    const { found } = fetched;
    const check = checkSignatures(
      resolved.key,
      spec.hashAlgorithm,
      resolved.verifier,
      found.format === 'legacy' ? found.layers : [],
      image.digest,
      found.format === 'bundle' ? found.bundles : [],
      compiledLogTrust(evidence.trustedLogs),
    );
    if (check.ok) {
      const signer = keySigner(spec.key, resolved.key.keyId);
      const signatures = check.matched.map((m) => ({
        signer,
        layout: SIGNATURE_LAYOUTS[m.format],
        ...(m.logIndex === undefined ? {} : { logIndex: m.logIndex }),
      }));
      return { ok: true, verified: { signatures, attestations: [] } };
    }
    const detail = check.found === 0 ? NONE_FOUND[spec.signatureFormat] : check.detail;
    return { ok: false, reason: `no signature matches authority "${name}" (${detail})` };
  }

  const failures = await Promise.all(
    authority.attestations.map(async (attestation) => {
      let envelopes;
      try {
        envelopes = await evidence.fetchAttestations(image, source, attestation.predicateType);
      } catch (error) {
        return `attestations of type ${attestation.predicateType} for authority "${name}" could not be fetched: ${describeError(error)}`;
      }
      const check = checkAttestation(
        resolved.key,
        // A bundle's DSSE signature has the scheme its key type fixes, as for bundle signatures.
        spec.signatureFormat === 'bundle' ? undefined : spec.hashAlgorithm,
        attestation.predicateType,
        attestation.condition,
        envelopes,
        image.digest,
      );
      return check.ok
        ? undefined
        : `attestation "${attestation.name}" of authority "${name}" is not satisfied: ${check.detail}`;
    }),
  );
  const failed = failures.filter((f): f is string => f !== undefined);
  if (failed.length > 0) return { ok: false, reason: failed.join('; ') };
  const signer = keySigner(spec.key, resolved.key.keyId);
  const attestations = authority.attestations.map((a) => ({
    predicateType: a.predicateType,
    signer,
  }));
  return { ok: true, verified: { signatures: [], attestations } };
}
