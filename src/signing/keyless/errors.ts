/** Error codes of Sigstore bundle and keyless signature verification with trust roots (src/signing/keyless). */
export const KEYLESS_ERRORS = {
  SIGSTORE_BUNDLE_UNREADABLE: {
    category: 'verification',
    summary:
      'A Sigstore bundle (v0.1, v0.2 or v0.3) is not valid JSON of the bundle schema, or its media type is unknown.',
  },
  SIGSTORE_BUNDLE_UNVERIFIED: {
    category: 'verification',
    summary:
      'A Sigstore bundle failed verification: signature, certificate chain, SCT, log entry, timestamp or subject.',
  },
  CERTIFICATE_IDENTITY_MISMATCH: {
    category: 'verification',
    summary:
      "The signing certificate's identity (SAN) or OIDC issuer does not match --certificate-identity / --certificate-oidc-issuer.",
  },
  IDENTITY_POLICY_INVALID: {
    category: 'usage',
    summary:
      'A certificate identity policy is incomplete (identity and issuer are both required) or its regular expression does not compile.',
  },
  KEYLESS_LAYER_MALFORMED: {
    category: 'verification',
    summary:
      'A cosign signature layer lacks its signature or certificate, or an annotation (certificate, chain, Rekor bundle, RFC 3161 timestamp) cannot be read.',
  },
  KEYLESS_SIGNATURE_INVALID: {
    category: 'verification',
    summary:
      "A keyless signature does not verify with its certificate's key, or its payload is not a cosign signature of the image digest.",
  },
  KEYLESS_CERTIFICATE_UNTRUSTED: {
    category: 'verification',
    summary:
      "A signing certificate does not chain to a certificate authority of the trusted root, or lacks the CT log's SCT.",
  },
  KEYLESS_CERTIFICATE_EXPIRED: {
    category: 'verification',
    summary:
      'A signing certificate was not valid at the signing time (the log entry integration time, an RFC 3161 timestamp, or now).',
  },
  KEYLESS_TLOG_MISSING: {
    category: 'verification',
    summary:
      'A keyless signature carries no transparency-log entry, and one is required (without --insecure-ignore-tlog).',
  },
  KEYLESS_TLOG_INVALID: {
    category: 'verification',
    summary:
      "A keyless signature's transparency-log entry does not verify: unknown log, bad signed entry timestamp, or a body that logs another signature, payload or certificate.",
  },
  KEYLESS_TIMESTAMP_INVALID: {
    category: 'verification',
    summary:
      'An RFC 3161 timestamp of a keyless signature does not verify against the trusted TSAs.',
  },
  KEYLESS_IDENTITY_MISMATCH: {
    category: 'verification',
    summary:
      "A verified signing certificate's identity (SAN), OIDC issuer or GitHub workflow extensions do not match the identity policy.",
  },
} as const;
