/**
 * A TrustRoot's `sigstoreKeys` as the Sigstore trusted root (protobuf-specs TrustedRoot)
 * that keyless verification reads, as policy-controller turns the resource into the trust
 * material it hands cosign (pkg/apis/config/sigstore_keys.go). The resource carries no
 * validity windows, so a certificate authority is trusted from its certificates' earliest
 * notBefore and a log key from the epoch: the certificates' own validity and the log's
 * signature still bound what verifies.
 *
 * TUF-backed TrustRoots (`remote`, `repository`) are not read: that would need the network
 * or an archive reader here, and the engine is pure. They are refused with a reason.
 */
import { createHash } from 'node:crypto';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { parsePublicKey } from '../../core/keys/index.js';
import { parsePemBlocks } from '../../core/pem.js';
import { certificateAuthorityJson, LOG_KEY_DETAILS } from '../../signing/trust/custom-root.js';
import { parseTrustedRoot } from '../../signing/trust/trusted-root.js';
import type {
  CertificateAuthoritySpec,
  TransparencyLogSpec,
  TrustRootDocument,
} from '../trust-root-types.js';

const MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
const EPOCH = '1970-01-01T00:00:00Z';

export type TrustRootMaterial =
  | { readonly ok: true; readonly root: TrustedRoot }
  | { readonly ok: false; readonly reason: string };

/** The trusted root a TrustRoot stands for, or why it cannot be used. */
export function trustedRootOfTrustRoot(document: TrustRootDocument): TrustRootMaterial {
  const { spec } = document;
  if (spec.kind !== 'sigstoreKeys') {
    return {
      ok: false,
      reason: `TrustRoot "${document.name}" names a TUF repository (${spec.kind}), which Signet does not read; give its trusted root as spec.sigstoreKeys`,
    };
  }
  const json = {
    mediaType: MEDIA_TYPE,
    certificateAuthorities: spec.certificateAuthorities.map(authority),
    timestampAuthorities: spec.timestampAuthorities.map(authority),
    tlogs: spec.tLogs.map(transparencyLog),
    ctlogs: spec.ctLogs.map(transparencyLog),
  };
  try {
    return {
      ok: true,
      root: parseTrustedRoot(JSON.stringify(json), `TrustRoot "${document.name}"`),
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** CA certificates given as PEM (`keyless.ca-cert`) as trusted-root certificate authorities. */
export function certificateAuthoritiesOfPem(
  pem: string,
  what: string,
): TrustedRoot['certificateAuthorities'] {
  const chain = authority({
    subject: { organization: '', commonName: '' },
    uri: '',
    certChainPem: pem,
  });
  const root = parseTrustedRoot(
    JSON.stringify({ mediaType: MEDIA_TYPE, certificateAuthorities: [chain] }),
    what,
  );
  return root.certificateAuthorities;
}

function authority(spec: CertificateAuthoritySpec) {
  const certificates = parsePemBlocks(spec.certChainPem, 'the certificate chain')
    .filter((block) => block.type === 'CERTIFICATE')
    .map((block) => block.der);
  return certificateAuthorityJson(certificates, spec.subject, spec.uri);
}

function transparencyLog(spec: TransparencyLogSpec) {
  const key = parsePublicKey(spec.publicKeyPem, 'the log key');
  const der = key.keyObject.export({ type: 'spki', format: 'der' });
  return {
    baseUrl: spec.baseURL,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: der.toString('base64'),
      keyDetails: LOG_KEY_DETAILS[key.kind],
      validFor: { start: EPOCH },
    },
    // Rekor and RFC 6962 CT logs are identified by the SHA-256 of their DER public key.
    logId: { keyId: createHash('sha256').update(der).digest('base64') },
  };
}
