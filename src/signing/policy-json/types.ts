/**
 * containers-policy.json(5) as Signet holds it after strict parsing
 * (containers/image signature/policy_types.go). Key material is still named by path or
 * inline data here; `compilePolicyJson` loads it.
 */

/** How the identity a signature claims must relate to the image's (`signedIdentity`). */
export type SignedIdentity =
  | { readonly type: 'matchExact' }
  | { readonly type: 'matchRepoDigestOrExact' }
  | { readonly type: 'matchRepository' }
  | { readonly type: 'exactReference'; readonly dockerReference: string }
  | { readonly type: 'exactRepository'; readonly dockerRepository: string }
  | { readonly type: 'remapIdentity'; readonly prefix: string; readonly signedPrefix: string };

/** Where keys come from: exactly one form per requirement, as the man page requires. */
export type KeySource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'paths'; readonly paths: readonly string[] }
  | { readonly kind: 'data'; readonly data: readonly Uint8Array[] };

/** `keyType` of signedBy; only GPGKeys is evaluated (the others are "unimplemented" in containers/image too). */
export type SignedByKeyType =
  'GPGKeys' | 'signedByGPGKeys' | 'X509Certificates' | 'signedByX509CAs';

export type Requirement =
  | { readonly type: 'insecureAcceptAnything' }
  | { readonly type: 'reject' }
  | {
      readonly type: 'signedBy';
      readonly keyType: SignedByKeyType;
      readonly keys: KeySource;
      readonly signedIdentity: SignedIdentity;
    }
  | {
      readonly type: 'sigstoreSigned';
      /** Absent when the requirement uses `fulcio` or `pki`, which Signet does not evaluate yet. */
      readonly keys?: KeySource;
      /** Members present that Signet does not evaluate yet (`fulcio`, `pki`, `rekorPublicKey…`). */
      readonly unsupported: readonly string[];
      readonly signedIdentity: SignedIdentity;
    }
  | { readonly type: 'signedBaseLayer'; readonly baseLayerIdentity: SignedIdentity };

/** Requirements that all must pass; never empty. */
export type RequirementList = readonly Requirement[];

export interface PolicyJson {
  readonly default: RequirementList;
  /** Transport name → scope → requirements. Scope "" is the transport's default. */
  readonly transports: ReadonlyMap<string, ReadonlyMap<string, RequirementList>>;
}
