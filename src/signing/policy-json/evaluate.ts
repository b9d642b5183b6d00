/**
 * Deciding whether policy.json allows a docker image (containers/image signature/policy_eval*.go):
 * every requirement of the applicable list must accept it. `signedBy` and `sigstoreSigned`
 * accept when one signature passes all checks; rejected signatures never hide an accepted
 * one. Signatures are fetched by the caller through `evidence`, only when a requirement
 * needs them; signature bytes are attacker-controlled. Everything here is pure apart from
 * awaiting those providers.
 */
import { isSignetError } from '../../core/errors.js';
import type { ImageReference } from '../../oci/reference/index.js';
import { CosignMediaType, type SignatureLayer } from '../cosign/index.js';
import { verifySimpleSignature, type PublicKeys } from '../gpg/index.js';
import { dockerPolicyIdentity } from '../lookaside/index.js';
import type { CompiledPolicyJson, CompiledRequirement } from './compile.js';
import type { CompiledSigstoreTrust } from './compile-sigstore.js';
import { judgeSigstoreLayer } from './sigstore-signature.js';
import { signedIdentityMatches } from './identity-match.js';
import { requirementsForDockerImage } from './scope.js';
import type { SignedIdentity } from './types.js';

export interface ImageSignatures {
  /** GPG simple signatures (lookaside `signature-N` files), in order. */
  readonly simpleSigning: readonly Uint8Array[];
  /** cosign layers (the `.sig` tag, when registries.d enables sigstore attachments). */
  readonly sigstore: readonly SignatureLayer[];
}

export interface DockerImageEvidence {
  /** The image as it is checked (tag or digest), e.g. from `docker://host/repo:tag`. */
  readonly reference: ImageReference;
  /** The digest of its manifest as containers/image computes it (containersManifestDigest). */
  readonly manifestDigest: string;
  /** Called at most once, and only if a requirement reads signatures; may throw. */
  readonly signatures: () => Promise<ImageSignatures>;
  readonly now: Date;
}

export interface RequirementOutcome {
  readonly index: number;
  readonly type: string;
  readonly accepted: boolean;
  /** Why it rejected (or how it accepted), one line for people. */
  readonly reason: string;
}

export interface PolicyJsonDecision {
  readonly allowed: boolean;
  readonly image: string;
  readonly scope: string;
  readonly requirements: readonly RequirementOutcome[];
}

export async function evaluatePolicyJson(
  policy: CompiledPolicyJson,
  evidence: DockerImageEvidence,
): Promise<PolicyJsonDecision> {
  const applied = requirementsForDockerImage(policy.source, evidence.reference);
  // The compiled table has the source's keys: look up the same scope in it.
  const compiled =
    applied.dockerKey === undefined ? policy.default : policy.docker.get(applied.dockerKey)!;
  const image = dockerPolicyIdentity(evidence.reference);
  let fetched: Promise<ImageSignatures> | undefined;
  const signatures = () => (fetched ??= evidence.signatures());
  const outcomes: RequirementOutcome[] = [];
  for (const [index, requirement] of compiled.entries()) {
    const { accepted, reason } = await judge(requirement, { image, evidence, signatures });
    outcomes.push({
      index,
      type: requirement.type === 'unusable' ? requirement.of : requirement.type,
      accepted,
      reason,
    });
  }
  return {
    allowed: outcomes.every((o) => o.accepted),
    image,
    scope: applied.scope,
    requirements: outcomes,
  };
}

interface Context {
  readonly image: string;
  readonly evidence: DockerImageEvidence;
  readonly signatures: () => Promise<ImageSignatures>;
}

type Verdict = { accepted: boolean; reason: string };

async function judge(requirement: CompiledRequirement, context: Context): Promise<Verdict> {
  switch (requirement.type) {
    case 'insecureAcceptAnything':
      return { accepted: true, reason: 'insecureAcceptAnything accepts every image' };
    case 'reject':
      return { accepted: false, reason: `running image ${context.image} is rejected by policy` };
    case 'unusable':
      return { accepted: false, reason: requirement.reason };
    case 'signedBy':
    case 'sigstoreSigned': {
      let found: ImageSignatures;
      try {
        found = await context.signatures();
      } catch (error) {
        if (!isSignetError(error)) throw error;
        return {
          accepted: false,
          reason: `the image's signatures cannot be read: ${error.message}`,
        };
      }
      const reasons =
        requirement.type === 'signedBy'
          ? await judgeSimpleSigning(
              requirement.keyring,
              requirement.signedIdentity,
              found.simpleSigning,
              context,
            )
          : judgeSigstore(requirement.trust, requirement.signedIdentity, found, context);
      if (typeof reasons === 'string') return { accepted: true, reason: reasons };
      if (reasons.length === 0)
        return { accepted: false, reason: noSignatureReason(requirement.type, found) };
      if (reasons.length === 1) return { accepted: false, reason: reasons[0]! };
      return {
        accepted: false,
        reason: `none of the signatures were accepted: ${reasons.join('; ')}`,
      };
    }
  }
}

/** The accepting signature's description, or every rejection reason. */
async function judgeSimpleSigning(
  keyring: PublicKeys,
  identity: SignedIdentity,
  signatures: readonly Uint8Array[],
  { image, evidence }: Context,
): Promise<string | string[]> {
  const reasons: string[] = [];
  for (const [i, signature] of signatures.entries()) {
    const source = `signature-${i + 1}`;
    try {
      const verified = await verifySimpleSignature({
        signature,
        keyring,
        now: evidence.now,
        source,
      });
      const claim = verified.payload;
      if (claim.manifestDigest !== evidence.manifestDigest) {
        reasons.push(`${source}: signature for digest ${claim.manifestDigest} does not match`);
      } else if (!signedIdentityMatches(identity, claim.dockerReference, image)) {
        reasons.push(
          `${source}: signature for identity ${JSON.stringify(claim.dockerReference)} is not accepted`,
        );
      } else {
        return `${source} by key ${verified.signerFingerprint} accepted for ${claim.dockerReference}`;
      }
    } catch (error) {
      if (!isSignetError(error)) throw error;
      reasons.push(error.message);
    }
  }
  return reasons;
}

/**
 * containers/image counts what it skipped when nothing was judged: signatures of the other
 * kind, and sigstore attachments that are not signatures (another media type).
 */
function noSignatureReason(type: 'signedBy' | 'sigstoreSigned', found: ImageSignatures): string {
  const plain = 'a signature was required, but no signature exists';
  if (type === 'signedBy') return plain;
  const other = found.simpleSigning.length;
  const attachments = found.sigstore.filter(
    (l) => l.mediaType !== CosignMediaType.SimpleSigning,
  ).length;
  return other === 0 && attachments === 0
    ? plain
    : `${plain} (${other} non-sigstore signatures, ${attachments} sigstore non-signature attachments)`;
}

function judgeSigstore(
  trust: CompiledSigstoreTrust,
  identity: SignedIdentity,
  found: ImageSignatures,
  { image, evidence }: Context,
): string | string[] {
  const reasons: string[] = [];
  for (const [index, layer] of found.sigstore.entries()) {
    if (layer.mediaType !== CosignMediaType.SimpleSigning) continue;
    const which = `sigstore signature ${index + 1}`;
    const judged = judgeSigstoreLayer(trust, layer, evidence.now);
    if (!judged.ok) reasons.push(`${which}: ${judged.reason}`);
    else if (judged.claim.manifestDigest !== evidence.manifestDigest) {
      reasons.push(`${which}: signature for digest ${judged.claim.manifestDigest} does not match`);
    } else if (!signedIdentityMatches(identity, judged.claim.dockerReference, image)) {
      reasons.push(
        `${which}: signature for identity ${JSON.stringify(judged.claim.dockerReference)} is not accepted`,
      );
    } else return `${which} (${judged.signer}) accepted for ${judged.claim.dockerReference}`;
  }
  return reasons;
}
