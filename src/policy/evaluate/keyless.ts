/**
 * Decides one `keyless` authority for one image (policy-controller pkg/webhook/validator.go,
 * the Keyless branch): the trusted root is assembled from the authority (keyless-trust.ts);
 * without attestations, one signature in the authority's layout must verify with a
 * certificate matching one of its identities; with attestations, each must be satisfied by
 * a Sigstore bundle attestation so verified. Everything read is attacker-controlled until
 * verified.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import { MAX_SIGNATURE_LAYERS } from '../../signing/verify/index.js';
import type { CompiledAuthority } from '../compile.js';
import type { TrustRootDocument } from '../trust-root-types.js';
import type { PolicyEvidence } from './evidence.js';
import { fetchAuthoritySignatures } from './evidence-requests.js';
import { checkKeylessAttestation, verifyAttestationBundles } from './keyless-attestations.js';
import { keylessTrust } from './keyless-trust.js';
import {
  keylessVerifiers,
  parseBundle,
  type KeylessCheck,
  type KeylessSigner,
} from './keyless-verifiers.js';
import {
  identitySigner,
  SIGNATURE_LAYOUTS,
  type VerifiedEvidence,
  type VerifiedSignature,
} from './verified-evidence.js';

type KeylessAuthority = Extract<CompiledAuthority, { kind: 'keyless' }>;

export type KeylessOutcome =
  { ok: true; verified: VerifiedEvidence } | { ok: false; reason: string };

/** Distinct problems quoted in a denial; the rest are counted, not listed. */
const MAX_QUOTED = 5;

export async function evaluateKeylessAuthority(
  authority: KeylessAuthority,
  image: ImageReference & { digest: string },
  evidence: PolicyEvidence,
  trustRoots: ReadonlyMap<string, TrustRootDocument>,
): Promise<KeylessOutcome> {
  const { name } = authority.spec;
  const trust = await keylessTrust(authority.spec, trustRoots, evidence);
  if (!trust.ok)
    return { ok: false, reason: `authority "${name}" cannot verify signatures: ${trust.reason}` };
  const verifiers = keylessVerifiers(authority, trust.root);
  const fetched = await fetchAuthoritySignatures(evidence, authority, image);
  if (!fetched.ok) return fetched;
  const { found } = fetched;

  if (authority.attestations.length > 0) {
    // Validation allows keyless attestations in the bundle layout only.
    const bundles = verifyAttestationBundles(
      verifiers,
      (found.format === 'bundle' ? found.bundles : []).map((bytes, i) =>
        parseBundle(bytes, `bundle ${i + 1}`),
      ),
      image.digest,
    );
    const checks = authority.attestations.map((attestation) => ({
      attestation,
      check: checkKeylessAttestation(attestation, bundles),
    }));
    const failures = checks.flatMap(({ attestation, check }) =>
      check.ok
        ? []
        : [
            `attestation "${attestation.name}" of authority "${name}" is not satisfied: ${check.detail}`,
          ],
    );
    if (failures.length > 0) return { ok: false, reason: failures.join('; ') };
    const attestations = checks.flatMap(({ attestation, check }) =>
      check.ok
        ? [
            {
              predicateType: attestation.predicateType,
              signer: identitySigner(check.signer.subject, check.signer.issuer),
            },
          ]
        : [],
    );
    return { ok: true, verified: { signatures: [], attestations } };
  }

  const checks: KeylessCheck[] = [];
  if (found.format === 'legacy') {
    for (const [i, layer] of found.layers.slice(0, MAX_SIGNATURE_LAYERS).entries()) {
      const check = verifiers.layer(layer, image.digest, `signature ${i + 1}`);
      if (check.ok) return passed(check.signer, 'legacy');
      checks.push(check);
    }
  } else {
    for (const [i, bytes] of found.bundles.slice(0, MAX_SIGNATURE_LAYERS).entries()) {
      const check = verifiers.bundle(
        parseBundle(bytes, `bundle ${i + 1}`),
        image.digest,
        'signature',
      );
      if (check === undefined) continue; // an attestation
      if (check.ok) return passed(check.signer, 'bundle');
      checks.push(check);
    }
  }
  return {
    ok: false,
    reason: `no signature matches authority "${name}" (${detail(checks, found.format)})`,
  };
}

/** The signature that made the authority pass: its certificate identity and verified log entry. */
function passed(signer: KeylessSigner, format: 'legacy' | 'bundle'): KeylessOutcome {
  const signature: VerifiedSignature = {
    signer: identitySigner(signer.subject, signer.issuer),
    layout: SIGNATURE_LAYOUTS[format],
    ...(signer.logIndex === undefined ? {} : { logIndex: signer.logIndex }),
  };
  return { ok: true, verified: { signatures: [signature], attestations: [] } };
}

function detail(checks: readonly KeylessCheck[], format: 'legacy' | 'bundle'): string {
  if (checks.length === 0)
    return format === 'legacy'
      ? "no signatures found in cosign's .sig tag; signatureFormat: bundle reads Sigstore bundles instead"
      : 'no Sigstore bundle signatures found among the referrers; signatureFormat: legacy reads .sig tags instead';
  const problems = [...new Set(checks.map((c) => (c.ok ? '' : c.problem)))];
  const shown = problems.slice(0, MAX_QUOTED).join('; ');
  const more = problems.length > MAX_QUOTED ? `; and ${problems.length - MAX_QUOTED} more` : '';
  const count = checks.length === 1 ? '1 signature found' : `${checks.length} signatures found`;
  return `${count}: ${shown}${more}`;
}
