/**
 * The validated form of a ClusterImagePolicy (sigstore/policy-controller
 * pkg/apis/policy/v1alpha1/clusterimagepolicy_types.go; v1beta1 has the same JSON fields).
 * Only what Signet enforces survives validation: unsupported fields are refused with a
 * reason rather than silently ignored, so a policy never means less than it says.
 */
import type { PublicKey } from '../core/keys/index.js';
import type { KeylessSpec, TimestampSpec, TlogSpec } from './keyless-types.js';
import type { NotationAuthoritySpec } from './notation-types.js';

/** The apiVersions read; Signet's own group carries the same spec. */
export const POLICY_API_VERSIONS = [
  'policy.sigstore.dev/v1alpha1',
  'policy.sigstore.dev/v1beta1',
  'policy.signet.dev/v1alpha1',
  'policy.signet.dev/v1beta1',
] as const;

export const POLICY_KIND = 'ClusterImagePolicy';

export type PolicyMode = 'enforce' | 'warn';

/** What happens to an image no policy matches (policy-controller `no-match-policy`). */
export type NoMatchBehaviour = 'deny' | 'allow' | 'warn';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelRequirement[];
}

/** A `spec.match[]` entry: a Kubernetes resource type, optionally narrowed by labels. */
export interface MatchRule {
  readonly group: string;
  /** `*` matches every version. */
  readonly version: string;
  readonly resource: string;
  readonly selector?: LabelSelector;
}

/** Where an authority's signatures live (`source[0]`); defaults to the image's repository. */
export interface SignatureSourceSpec {
  /** `registry/repository` holding the signatures, as written in `source[].oci`. */
  readonly oci?: string;
  /** Prepended to the `sha256-<hex>.sig` tag. */
  readonly tagPrefix: string;
  /** Names of pull secrets for the signature repository; resolved by the evidence provider. */
  readonly pullSecrets: readonly string[];
}

export type KeySpec =
  | { readonly kind: 'inline'; readonly key: PublicKey }
  | { readonly kind: 'secret'; readonly secretName: string };

export interface AttestationSpec {
  readonly name: string;
  /** Always a URI: cosign short names are mapped on validation. */
  readonly predicateType: string;
  /** A CEL expression over the in-toto statement; absent means "a verified attestation exists". */
  readonly cel?: string;
}

/**
 * Which signature layout an authority reads (`signatureFormat`, policy-controller passes
 * `NewBundleFormat: format == "bundle"` to cosign): `legacy`, the default, reads cosign's
 * `.sig`/`.att` tags only; `bundle` reads Sigstore bundles attached as OCI referrers only.
 */
export const SIGNATURE_FORMATS = ['legacy', 'bundle'] as const;
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

interface AuthorityBase {
  readonly name: string;
  readonly source: SignatureSourceSpec;
  readonly signatureFormat: SignatureFormat;
  readonly attestations: readonly AttestationSpec[];
}

export type AuthoritySpec =
  | (AuthorityBase & {
      readonly kind: 'key';
      readonly key: KeySpec;
      /** Set when the policy names one; otherwise cosign's hashes per key type apply. */
      readonly hashAlgorithm?: PolicyHash;
    })
  | (AuthorityBase & {
      readonly kind: 'keyless';
      readonly keyless: KeylessSpec;
      readonly ctlog?: TlogSpec;
      readonly rfc3161timestamp?: TimestampSpec;
    })
  | {
      readonly kind: 'static';
      readonly name: string;
      readonly action: 'pass' | 'fail';
      readonly message?: string;
    }
  | {
      /** Notary Project signatures under a trust policy statement (notation-types.ts). */
      readonly kind: 'notation';
      readonly name: string;
      readonly notation: NotationAuthoritySpec;
    };

export interface PolicyDocument {
  readonly apiVersion: (typeof POLICY_API_VERSIONS)[number];
  readonly name: string;
  /** `file:line` of the document, for messages. */
  readonly origin: string;
  readonly images: readonly string[];
  readonly mode: PolicyMode;
  readonly match: readonly MatchRule[];
  readonly authorities: readonly AuthoritySpec[];
}

/** `key.hashAlgorithm` values policy-controller accepts (pkg/apis/signaturealgo). */
export const POLICY_HASHES = ['sha224', 'sha256', 'sha384', 'sha512'] as const;
export type PolicyHash = (typeof POLICY_HASHES)[number];
