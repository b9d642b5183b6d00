/**
 * Decides a Notation authority for one image: the image's Notary Project signatures
 * (referrers in its own repository) are verified under the authority's trust policy
 * statement, trust store and CRLs; the authority passes when one signature passes every
 * enforced check, or at level skip. The reason of a failure names the image, the
 * signature and the check that failed.
 */
import { describeError } from '../../core/errors.js';
import { formatReference, type ImageReference } from '../../oci/reference/index.js';
import { verifyImageSignatures } from '../../signing/notation/verify-image.js';
import type { CompiledNotationAuthority } from '../compile-notation.js';
import type { AuthorityOutcome } from './authority.js';
import type { PolicyEvidence } from './evidence.js';
import { SIGNATURE_LAYOUTS } from './verified-evidence.js';

export async function evaluateNotationAuthority(
  authority: CompiledNotationAuthority,
  image: ImageReference & { digest: string },
  evidence: PolicyEvidence,
  now: Date = new Date(),
): Promise<AuthorityOutcome> {
  const name = authority.spec.name;
  const statement = authority.trustPolicy.statements[0]!;
  if (statement.level === 'skip') return { ok: true };
  if (evidence.fetchNotationSignatures === undefined)
    return {
      ok: false,
      reason: `authority "${name}": Notary Project signatures cannot be read here`,
    };
  const subject = { registry: image.registry, repository: image.repository, digest: image.digest };
  let envelopes;
  try {
    envelopes = await evidence.fetchNotationSignatures(subject);
  } catch (error) {
    return {
      ok: false,
      reason: `Notary signatures for authority "${name}" could not be fetched: ${describeError(error)}`,
    };
  }
  let verified;
  try {
    verified = await verifyImageSignatures(
      {
        image: formatReference(subject),
        scope: `${image.registry}/${image.repository}`,
        digest: image.digest,
        policy: authority.trustPolicy,
        trust: authority.trust,
        now,
      },
      envelopes,
    );
  } catch (error) {
    return {
      ok: false,
      reason: `no Notary signature matches authority "${name}" (${describeError(error)})`,
    };
  }
  // The signing certificate's subject; the signature manifest names it when the chain had none.
  const signature = verified.signature;
  if (signature === undefined) return { ok: true };
  const signer = signature.signer ?? `signature ${signature.manifestDigest}`;
  return {
    ok: true,
    verified: { signatures: [{ signer, layout: SIGNATURE_LAYOUTS.notation }], attestations: [] },
  };
}
