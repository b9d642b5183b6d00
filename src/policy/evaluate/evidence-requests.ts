/**
 * What evaluating an image will ask of the evidence, known before anything is fetched: one
 * request per signature source and format, saying whether signatures are read and which
 * attestation types. A gatherer that fetches ahead, or plans its registry calls, lists
 * referrers only for requests in the `bundle` format. Static authorities ask nothing; key
 * and keyless authorities read the same evidence (signatures, attestations).
 */
import { describeError } from '../../core/errors.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { CompiledAuthority, CompiledPolicy } from '../compile.js';
import {
  sourceKey,
  type PolicyEvidence,
  type SignatureEvidence,
  type SignatureSource,
} from './evidence.js';

export interface EvidenceRequest {
  readonly source: SignatureSource;
  /** True when some authority reading this source has no attestations (it checks signatures). */
  readonly signatures: boolean;
  /** Attestation predicate types read from this source, sorted. */
  readonly predicateTypes: readonly string[];
}

type EvidenceAuthority = Extract<CompiledAuthority, { kind: 'key' | 'keyless' }>;

/** Where and in which layout `authority` reads the evidence of `image`. */
export function signatureSourceOf(
  authority: EvidenceAuthority,
  image: ImageReference,
): SignatureSource {
  const { spec } = authority;
  return {
    repository: authority.repository ?? { registry: image.registry, repository: image.repository },
    tagPrefix: spec.source.tagPrefix,
    pullSecrets: spec.source.pullSecrets,
    format: spec.signatureFormat,
  };
}

/** The requests of every authority of `policies` (those that apply to `image`), merged by source. */
export function evidenceRequests(
  policies: readonly CompiledPolicy[],
  image: ImageReference,
): EvidenceRequest[] {
  const merged = new Map<
    string,
    { source: SignatureSource; signatures: boolean; types: Set<string> }
  >();
  for (const authority of policies.flatMap((p) => p.authorities)) {
    // Static authorities read nothing; Notation signatures are referrers of their own kind.
    if (authority.kind === 'static' || authority.kind === 'notation') continue;
    const source = signatureSourceOf(authority, image);
    const key = sourceKey(source);
    const entry = merged.get(key) ?? { source, signatures: false, types: new Set<string>() };
    if (authority.attestations.length === 0) entry.signatures = true;
    for (const attestation of authority.attestations) entry.types.add(attestation.predicateType);
    merged.set(key, entry);
  }
  return [...merged.values()].map((e) => ({
    source: e.source,
    signatures: e.signatures,
    predicateTypes: [...e.types].sort(),
  }));
}

/**
 * The signatures `authority` reads for `image`, from its source; a fetch that fails is the
 * authority's failure reason, worded the same for key and keyless authorities.
 */
export async function fetchAuthoritySignatures(
  evidence: PolicyEvidence,
  authority: EvidenceAuthority,
  image: ImageReference,
): Promise<{ ok: true; found: SignatureEvidence } | { ok: false; reason: string }> {
  try {
    return {
      ok: true,
      found: await evidence.fetchSignatures(image, signatureSourceOf(authority, image)),
    };
  } catch (error) {
    return {
      ok: false,
      reason: `signatures for authority "${authority.spec.name}" could not be fetched: ${describeError(error)}`,
    };
  }
}
