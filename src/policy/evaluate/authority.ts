/**
 * Decides one authority for one image (policy-controller pkg/webhook/validator.go
 * ValidatePolicy): static gives its fixed answer, keyless fails (not supported yet), a key
 * authority with attestations needs every attestation satisfied, and without attestations
 * needs one signature that verifies with its key.
 */
import { describeError } from '../../core/errors.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { CompiledAuthority } from '../compile.js';
import { checkAttestation } from './attestations.js';
import type { PolicyEvidence, SignatureSource } from './evidence.js';
import { keyFromSecret, type ResolvedKey } from './secret-key.js';
import { checkSignatures } from './signatures.js';
import { staticFailureReason } from './verdict.js';

export type AuthorityOutcome = { ok: true } | { ok: false; reason: string };

export async function evaluateAuthority(
  authority: CompiledAuthority,
  image: ImageReference & { digest: string },
  evidence: PolicyEvidence,
): Promise<AuthorityOutcome> {
  const name = authority.spec.name;
  switch (authority.kind) {
    case 'static':
      if (authority.spec.action === 'pass') return { ok: true };
      return { ok: false, reason: staticFailureReason(name, authority.spec.message) };
    case 'keyless':
      return {
        ok: false,
        reason: `authority "${name}": keyless verification is not supported yet`,
      };
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
  const source: SignatureSource = {
    repository: authority.repository ?? { registry: image.registry, repository: image.repository },
    tagPrefix: spec.source.tagPrefix,
    pullSecrets: spec.source.pullSecrets,
  };

  if (authority.attestations.length === 0) {
    let layers;
    let bundles;
    try {
      [layers, bundles] = await Promise.all([
        evidence.fetchSignatures(image, source),
        evidence.fetchSignatureBundles?.(image, source) ?? [],
      ]);
    } catch (error) {
      return {
        ok: false,
        reason: `signatures for authority "${name}" could not be fetched: ${describeError(error)}`,
      };
    }
    const check = checkSignatures(
      resolved.key,
      spec.hashAlgorithm,
      resolved.verifier,
      layers,
      image.digest,
      bundles,
    );
    return check.ok
      ? check
      : { ok: false, reason: `no signature matches authority "${name}" (${check.detail})` };
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
        spec.hashAlgorithm,
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
  return failed.length === 0 ? { ok: true } : { ok: false, reason: failed.join('; ') };
}
