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
import type { SignatureLayer } from '../cosign/index.js';
import { verifySimpleSignature, type PublicKeys } from '../gpg/index.js';
import { dockerPolicyIdentity } from '../lookaside/index.js';
import type { Verifier } from '../verify/index.js';
import type { CompiledPolicyJson, CompiledRequirement } from './compile.js';
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
          : judgeSigstore(
              requirement.verifier,
              requirement.signedIdentity,
              found.sigstore,
              context,
            );
      if (typeof reasons === 'string') return { accepted: true, reason: reasons };
      if (reasons.length === 0)
        return { accepted: false, reason: 'a signature was required, but no signature exists' };
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

function judgeSigstore(
  verifier: Verifier,
  identity: SignedIdentity,
  layers: readonly SignatureLayer[],
  { image, evidence }: Context,
): string | string[] {
  const result = verifier.verify({ imageDigest: evidence.manifestDigest, signatures: layers });
  const reasons: string[] = [];
  for (const layer of result.layers) {
    if (layer.status === 'skipped') continue;
    const claimed = layer.payload?.dockerReference;
    if (layer.status !== 'verified' || claimed === undefined) reasons.push(layer.message);
    else if (!signedIdentityMatches(identity, claimed, image)) {
      reasons.push(
        `sigstore signature ${layer.index + 1}: signature for identity ${JSON.stringify(claimed)} is not accepted`,
      );
    } else
      return `sigstore signature ${layer.index + 1} (key ${layer.keyId ?? 'unknown'}) accepted for ${claimed}`;
  }
  return reasons;
}
