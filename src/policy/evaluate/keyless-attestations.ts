/**
 * One required attestation of a keyless authority, in the bundle layout: some Sigstore
 * bundle attached to the image must hold a DSSE envelope that verifies with a certificate
 * matching the authority's identities (chain, log entry and the in-toto subject naming the
 * image are checked by the bundle verifier), carry the required predicate type and satisfy
 * the CEL condition. The statement is read only after its bundle verified.
 */
import type { CompiledAttestation } from '../compile.js';
import { bundleStatement } from './bundle-role.js';
import type {
  KeylessCheck,
  KeylessSigner,
  KeylessVerifiers,
  ParsedBundle,
} from './keyless-verifiers.js';

/** Bundles judged per image; cosign attaches one per `attest`, so real images have a few. */
const MAX_BUNDLES = 100;

/** `signer`: the certificate identity of the statement that satisfied the attestation. */
export type KeylessAttestationCheck =
  { ok: true; signer: KeylessSigner } | { ok: false; detail: string };

/** One attestation bundle after verification, with its statement when it verified. */
export interface VerifiedAttestationBundle {
  readonly check: KeylessCheck;
  readonly statement?: Record<string, unknown>;
}

/**
 * Verifies each attestation bundle of the image once, whatever the number of required
 * attestations that read them: the signature, chain and log checks do not depend on
 * which predicate type is wanted. Bundles of signatures are left out.
 */
export function verifyAttestationBundles(
  verifiers: KeylessVerifiers,
  bundles: readonly ParsedBundle[],
  imageDigest: string,
): VerifiedAttestationBundle[] {
  const verified: VerifiedAttestationBundle[] = [];
  for (const bundle of bundles.slice(0, MAX_BUNDLES)) {
    const check = verifiers.bundle(bundle, imageDigest, 'attestation');
    if (check === undefined) continue;
    const statement = check.ok && bundle.ok ? bundleStatement(bundle.json) : undefined;
    verified.push(statement === undefined ? { check } : { check, statement });
  }
  return verified;
}

export function checkKeylessAttestation(
  attestation: CompiledAttestation,
  bundles: readonly VerifiedAttestationBundle[],
): KeylessAttestationCheck {
  const problems: string[] = [];
  const statements: { statement: Record<string, unknown>; signer: KeylessSigner }[] = [];
  const seen = bundles.length;
  for (const { check, statement } of bundles) {
    if (!check.ok) {
      problems.push(check.problem);
      continue;
    }
    if (statement?.predicateType === attestation.predicateType)
      statements.push({ statement, signer: check.signer });
  }
  const type = attestation.predicateType;
  if (statements.length === 0) {
    if (seen === 0) return { ok: false, detail: `no attestation of type ${type} found` };
    const why = [...new Set(problems)].slice(0, 5).join('; ');
    return {
      ok: false,
      detail: `${seen === 1 ? '1 attestation' : `${seen} attestations`} found, none of type ${type} verifies for this image${why === '' ? '' : ` (${why})`}`,
    };
  }
  if (attestation.condition === undefined) return { ok: true, signer: statements[0]!.signer };
  const failures: string[] = [];
  for (const { statement, signer } of statements) {
    const outcome = attestation.condition.evaluate(statement);
    if (outcome.ok) return { ok: true, signer };
    failures.push(outcome.reason);
  }
  const why = [...new Set(failures)].join('; ');
  return {
    ok: false,
    detail:
      statements.length === 1
        ? `the verified attestation does not satisfy the condition: ${why}`
        : `none of ${statements.length} verified attestations satisfies the condition: ${why}`,
  };
}
