/**
 * The validated form of a keyless authority (policy-controller's KeylessRef, TLog and
 * RFC3161Timestamp), kept with the values the policy gave so that keyless verification can
 * use them: which Fulcio or CA certificates to trust, which identities may sign, and which
 * TrustRoot, transparency log and timestamp authorities to check against.
 */

/**
 * Who may have signed. Validation guarantees exactly one of `issuer`/`issuerRegExp` and one
 * of `subject`/`subjectRegExp`. Regular expressions use Go's RE2 syntax, as policy-controller
 * (and cosign) match them, unanchored: `^…$` is the author's to write.
 */
export interface IdentitySpec {
  readonly issuer?: string;
  readonly issuerRegExp?: string;
  readonly subject?: string;
  readonly subjectRegExp?: string;
}

/** `keyless.ca-cert`: PEM certificates inline, or the Secret holding them. */
export type CaCertSpec =
  | { readonly kind: 'inline'; readonly pem: string }
  | { readonly kind: 'secret'; readonly secretName: string };

export interface KeylessSpec {
  /**
   * The Fulcio instance; policy-controller defaults it to https://fulcio.sigstore.dev when
   * neither url nor ca-cert is given, and so does Signet. Absent when `caCert` is set.
   */
  readonly url?: string;
  readonly caCert?: CaCertSpec;
  /** Name of a TrustRoot whose certificate authorities and CT logs replace the public good's. */
  readonly trustRootRef?: string;
  /** Accept certificates without an embedded SCT (`insecureIgnoreSCT`). */
  readonly insecureIgnoreSCT: boolean;
  /** At least one; a certificate must match one of them. */
  readonly identities: readonly IdentitySpec[];
}

/** `authorities[].ctlog`: the Rekor instance (URL) or the TrustRoot whose logs to trust. */
export interface TlogSpec {
  readonly url?: string;
  readonly trustRootRef?: string;
}

/** `authorities[].rfc3161timestamp`: the TrustRoot whose timestamp authorities to trust. */
export interface TimestampSpec {
  readonly trustRootRef?: string;
}

/** policy-controller's default Fulcio (clusterimagepolicy_defaults.go). */
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
