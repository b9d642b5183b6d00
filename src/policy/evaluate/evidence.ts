/**
 * What the engine needs from the outside world, injected so that evaluation stays pure:
 * fetchers return raw, unverified bytes and the engine verifies them with the policy's
 * keys. Everything a fetcher returns is attacker-controlled.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { ImageReference } from '../../oci/reference/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import type { TlogTrust } from '../../signing/verify/index.js';
import type { SignatureFormat } from '../types.js';

/**
 * Where an authority's signatures and attestations are looked up, and in which layout: the
 * request says which layout the authority reads (its `signatureFormat`), so a provider
 * lists referrers only for authorities that read bundles.
 */
export interface SignatureSource {
  /** Registry and repository holding them: the image's own, or `source[].oci`. No tag or digest. */
  readonly repository: ImageReference;
  /** Prefix of cosign's `sha256-<hex>.sig` / `.att` tags (`source[].tagPrefix`); legacy layout only. */
  readonly tagPrefix: string;
  /** `source[].signaturePullSecrets` names; how they become credentials is the provider's business. */
  readonly pullSecrets: readonly string[];
  /** `legacy`: the `.sig`/`.att` tags; `bundle`: Sigstore bundles listed as referrers. */
  readonly format: SignatureFormat;
}

/** One attestation: a DSSE envelope (JSON bytes) and, for `.att` layers, the layer's annotations. */
export interface AttestationEnvelope {
  readonly envelope: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

/** An image's signatures in the layout the request named; empty lists when there are none. */
export type SignatureEvidence =
  | { readonly format: 'legacy'; readonly layers: readonly SignatureLayer[] }
  | { readonly format: 'bundle'; readonly bundles: readonly Uint8Array[] };

export interface PolicyEvidence {
  /**
   * The signatures of `image` (pinned by digest) in `source.format`'s layout only: cosign
   * signature layers of the `.sig` tag, or the raw JSON of the Sigstore bundles attached
   * as referrers (cosign v3's layout).
   */
  fetchSignatures(image: ImageReference, source: SignatureSource): Promise<SignatureEvidence>;
  /**
   * Attestation envelopes of `image` in `source.format`'s layout: `.att` tag layers, or the
   * DSSE envelopes of bundle referrers. May be narrowed to `predicateType` by unsigned
   * annotations, but the engine checks the signed statement's type itself.
   */
  fetchAttestations(
    image: ImageReference,
    source: SignatureSource,
    predicateType: string,
  ): Promise<readonly AttestationEnvelope[]>;
  /**
   * The text held by the secret `name`: a PEM public key (`key.secretRef.name`) or PEM CA
   * certificates (`keyless.ca-cert.secretRef.name`).
   */
  readSecret(name: string): Promise<string>;
  /**
   * The Sigstore public-good trusted root (Fulcio, the public Rekor and CT log), for keyless
   * authorities that name no TrustRoot. Reading it is I/O (the TUF seed of
   * `@sigstore/tuf`), so the caller supplies it; absent, such authorities fail with a reason.
   */
  publicGoodTrustedRoot?(): TrustedRoot;
  /**
   * The Notary Project signature envelopes attached to `image` (pinned by digest) as
   * referrers, unverified. Optional: a provider without it fails Notation authorities.
   */
  fetchNotationSignatures?(image: ImageReference): Promise<readonly NotationEnvelopeEvidence[]>;
  /**
   * Transparency logs the caller trusts (`signet check --tlog-key`): the Rekor entry of a key
   * signature that verified is checked against them, and its log index reported when it
   * verifies. Never part of the verdict. Absent, key signatures are reported without one.
   */
  readonly trustedLogs?: TlogTrust;
}

/** One Notary Project signature: its manifest's digest, the envelope's media type and bytes. */
export interface NotationEnvelopeEvidence {
  readonly manifestDigest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** Two sources with the same key read the same evidence. */
export function sourceKey(s: SignatureSource): string {
  return JSON.stringify([
    s.format,
    s.repository.registry,
    s.repository.repository,
    // Referrers are listed by digest: the tag prefix does not change what is read.
    s.format === 'legacy' ? s.tagPrefix : '',
    s.pullSecrets,
  ]);
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
  return {
    fetchSignatures: (image, source) =>
      once(`sig ${image.digest} ${sourceKey(source)}`, () =>
        evidence.fetchSignatures(image, source),
      ),
    fetchAttestations: (image, source, type) =>
      once(`att ${image.digest} ${sourceKey(source)} ${type}`, () =>
        evidence.fetchAttestations(image, source, type),
      ),
    readSecret: (name) => once(`secret ${name}`, () => evidence.readSecret(name)),
    ...(evidence.publicGoodTrustedRoot === undefined
      ? {}
      : { publicGoodTrustedRoot: () => evidence.publicGoodTrustedRoot!() }),
    ...(evidence.trustedLogs === undefined ? {} : { trustedLogs: evidence.trustedLogs }),
    ...(evidence.fetchNotationSignatures === undefined
      ? {}
      : {
          fetchNotationSignatures: (image: ImageReference) =>
            once(`notation ${image.registry}/${image.repository}@${image.digest}`, () =>
              evidence.fetchNotationSignatures!(image),
            ),
        }),
  };
}
