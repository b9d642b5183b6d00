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

/**
 * The key source of a sigstoreSigned requirement (signature/policy_types.go
 * prSigstoreSigned): exactly one of keys, `fulcio` and `pki`. CA material is PEM, named by
 * path or given inline (`kind: 'data'` holds one entry).
 */
export type SigstoreTrust =
  | { readonly kind: 'keys'; readonly keys: KeySource }
  | {
      readonly kind: 'fulcio';
      readonly ca: KeySource;
      readonly oidcIssuer: string;
      readonly subjectEmail: string;
    }
  | {
      readonly kind: 'pki';
      readonly caRoots: KeySource;
      readonly caIntermediates?: KeySource;
      /** At least one of subjectEmail and subjectHostname is set. */
      readonly subjectEmail?: string;
      readonly subjectHostname?: string;
    };

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
      /** Whose signatures count: public keys, a Fulcio CA with an identity, or a private PKI. */
      readonly trust: SigstoreTrust;
      /** Rekor log keys (`rekorPublicKey…`); when given, every signature needs a SET from one of them. */
      readonly rekorKeys?: KeySource;
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
