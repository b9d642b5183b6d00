/**
 * The validated form of policy-controller's TrustRoot (policy.sigstore.dev/v1alpha1,
 * pkg/apis/policy/v1alpha1/trustroot_types.go): the Sigstore trust material a keyless
 * authority names with `trustRootRef`, either given directly (`sigstoreKeys`) or as a TUF
 * repository, remote (`remote`) or serialised for air-gapped clusters (`repository`).
 * The `[]byte` fields, base64 in the document as Go encodes them, are kept decoded.
 */

export const TRUST_ROOT_API_VERSION = 'policy.sigstore.dev/v1alpha1';
export const TRUST_ROOT_KIND = 'TrustRoot';

/** TUF defaults (trustroot_defaults.go, and the target policy-controller reads). */
export const DEFAULT_TUF_TARGETS = 'targets';
export const DEFAULT_TRUSTED_ROOT_TARGET = 'trusted_root.json';

export interface DistinguishedName {
  readonly organization: string;
  readonly commonName: string;
}

/** A Fulcio CA or a timestamp authority: its PEM chain, the root last. */
export interface CertificateAuthoritySpec {
  readonly subject: DistinguishedName;
  readonly uri: string;
  readonly certChainPem: string;
}

/** A Rekor log or a certificate-transparency log. */
export interface TransparencyLogSpec {
  readonly baseURL: string;
  readonly hashAlgorithm: string;
  readonly publicKeyPem: string;
}

export type TrustRootSpec =
  | {
      readonly kind: 'sigstoreKeys';
      readonly certificateAuthorities: readonly CertificateAuthoritySpec[];
      readonly tLogs: readonly TransparencyLogSpec[];
      readonly ctLogs: readonly TransparencyLogSpec[];
      readonly timestampAuthorities: readonly CertificateAuthoritySpec[];
    }
  | {
      readonly kind: 'remote';
      /** The TUF root.json that starts the chain of trust. */
      readonly rootJson: string;
      readonly mirror: string;
      readonly targets: string;
      readonly trustedRootTarget: string;
    }
  | {
      readonly kind: 'repository';
      readonly rootJson: string;
      /** The repository as a gzipped tar, base64 as written (it is large and opaque here). */
      readonly mirrorFsBase64: string;
      readonly targets: string;
      readonly trustedRootTarget: string;
    };

export interface TrustRootDocument {
  readonly apiVersion: typeof TRUST_ROOT_API_VERSION;
  readonly kind: typeof TRUST_ROOT_KIND;
  readonly name: string;
  /** `file:line` of the document, for messages. */
  readonly origin: string;
  readonly spec: TrustRootSpec;
}
