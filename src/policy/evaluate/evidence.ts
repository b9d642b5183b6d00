/**
 * What the engine needs from the outside world, injected so that evaluation stays pure:
 * fetchers return raw, unverified bytes and the engine verifies them with the policy's
 * keys. Everything a fetcher returns is attacker-controlled.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';

/** Where an authority's signatures and attestations are looked up. */
export interface SignatureSource {
  /** Registry and repository holding them: the image's own, or `source[].oci`. No tag or digest. */
  readonly repository: ImageReference;
  /** Prefix of cosign's `sha256-<hex>.sig` / `.att` tags (`source[].tagPrefix`). */
  readonly tagPrefix: string;
  /** `source[].signaturePullSecrets` names; how they become credentials is the provider's business. */
  readonly pullSecrets: readonly string[];
}

/** One `.att` layer: a DSSE envelope (JSON bytes) and the layer's annotations. */
export interface AttestationEnvelope {
  readonly envelope: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface PolicyEvidence {
  /** cosign signature layers of `image` (pinned by digest); empty when there are none. */
  fetchSignatures(
    image: ImageReference,
    source: SignatureSource,
  ): Promise<readonly SignatureLayer[]>;
  /**
   * Sigstore bundles (cosign v3's layout) attached to `image` as referrers, as raw JSON
   * bytes. Optional: a provider that only knows the tag layout leaves it out.
   */
  fetchSignatureBundles?(
    image: ImageReference,
    source: SignatureSource,
  ): Promise<readonly Uint8Array[]>;
  /**
   * Attestation envelopes of `image`; may be narrowed to `predicateType` by annotations, but
   * the engine checks the signed statement's type itself.
   */
  fetchAttestations(
    image: ImageReference,
    source: SignatureSource,
    predicateType: string,
  ): Promise<readonly AttestationEnvelope[]>;
  /** The PEM public key held by the secret `name` (`key.secretRef.name`). */
  readSecret(name: string): Promise<string>;
}

/**
 * Shares fetches between the authorities and policies of one evaluation: two authorities
 * reading the same signature tag cost one registry round trip.
 */
export function memoizeEvidence(evidence: PolicyEvidence): PolicyEvidence {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = load();
      cache.set(key, hit);
    }
    return hit;
  };
  const sourceKey = (s: SignatureSource) =>
    JSON.stringify([s.repository.registry, s.repository.repository, s.tagPrefix, s.pullSecrets]);
  return {
    fetchSignatures: (image, source) =>
      once(`sig ${image.digest} ${sourceKey(source)}`, () =>
        evidence.fetchSignatures(image, source),
      ),
    fetchSignatureBundles: (image, source) =>
      once(`bundles ${image.digest} ${sourceKey(source)}`, () =>
        evidence.fetchSignatureBundles === undefined
          ? Promise.resolve([])
          : evidence.fetchSignatureBundles(image, source),
      ),
    fetchAttestations: (image, source, type) =>
      once(`att ${image.digest} ${sourceKey(source)} ${type}`, () =>
        evidence.fetchAttestations(image, source, type),
      ),
    readSecret: (name) => once(`secret ${name}`, () => evidence.readSecret(name)),
  };
}
