/**
 * The validated form of a Notation authority (`authorities[].notation`, Signet's API group
 * only: policy-controller has no Notary Project support). The authority is one statement
 * of an OCI trust policy, scoped by the policy's own `images` globs instead of
 * registryScopes, with its trust store certificates and CRLs inline so that the policy
 * alone decides. Kept as the text the policy gave (certificates are parsed on compiling),
 * so the policy set's revision hashes it as written.
 *
 *   notation:
 *     signatureVerification: { level: strict, override: { revocation: log } }
 *     trustStores: [ca:release]
 *     trustedIdentities: ["x509.subject: C=US, ST=WA, O=Acme, CN=release"]
 *     certificates:
 *       ca:release: |
 *         -----BEGIN CERTIFICATE-----
 *     crls: [ "-----BEGIN X509 CRL-----..." ]
 */
export interface NotationAuthoritySpec {
  readonly level: string;
  readonly override: Readonly<Record<string, string>>;
  readonly trustStores: readonly string[];
  readonly trustedIdentities: readonly string[];
  /** PEM certificates by trust store (`type:name`). */
  readonly certificates: Readonly<Record<string, string>>;
  /** PEM CRLs. */
  readonly crls: readonly string[];
}

/** apiVersions whose policies may have Notation authorities. */
export const NOTATION_API_GROUP = 'policy.signet.dev/';
