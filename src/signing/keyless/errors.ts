/** Error codes of Sigstore bundle verification with trust roots (src/signing/keyless). */
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
} as const;
