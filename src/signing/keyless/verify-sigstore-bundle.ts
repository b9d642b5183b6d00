/**
 * Verifies a Sigstore bundle (v0.1, v0.2, v0.3; message signature or DSSE) against a
 * trusted root and either a public key or a certificate identity policy: the
 * signature, the Fulcio chain valid at signing time, SCTs against the root's CT logs,
 * Rekor v1 entries (SET, inclusion proof, checkpoint) and Rekor v2 entries (inclusion
 * proof, checkpoint, RFC 3161 timestamps), then the identity and, for DSSE, that an
 * in-toto subject carries the artifact's digest.
 *
 * The cryptographic checks are @sigstore/verify's (sigstore-js, held to the
 * sigstore-conformance suite); Signet adds strict trusted-root validation, identity
 * regular expressions, digest-only subjects, hashedrekord-over-DSSE entries and the
 * in-toto subject check, and turns every failure into a typed error naming the bundle.
 *
 * "Create once, verify many": createBundleVerifier builds the trust material once.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type SignedEntity } from '@sigstore/verify';
import { errorFactory, SignetError } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';
import {
  checkIdentity,
  identityMismatch,
  type GithubWorkflowClaims,
  type IdentityPolicy,
} from './identity-policy.js';
import { signerIdentity } from './signer-identity.js';
import { subjectSha256, type BundleSubject } from './bundle-subject.js';
import { digestOnlyMessageContent, dsseContentAcceptingPaeDigest } from './signature-content.js';
import { checkStatementSubject } from './statement-subject.js';
import { checkCertificatesStrictly } from './strict-certificates.js';
import { checkProofRoots } from './proof-consistency.js';
import { checkTimestampsStrictly } from './strict-timestamps.js';

const fail = errorFactory(KEYLESS_ERRORS);

/** Bundles are kilobytes; DSSE bundles carrying an SBOM can be megabytes. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

export type BundleTrust =
  | { readonly kind: 'key'; readonly key: KeyObject }
  | {
      readonly kind: 'identity';
      /** One policy, or several of which one must match (policy-controller's identities). */
      readonly policy: IdentityPolicy | readonly IdentityPolicy[];
    };

export interface BundleVerification {
  readonly mediaType: string;
  readonly content: 'message-signature' | 'dsse';
  /** The certificate's SAN and OIDC issuer, for keyless bundles. */
  readonly identity?: string;
  readonly issuer?: string;
  /** The certificate's GitHub workflow claims (cosign prints them), for keyless bundles. */
  readonly githubWorkflow?: GithubWorkflowClaims;
  readonly tlogEntries: number;
  /** The signing certificate (PEM), for keyless bundles. */
  readonly certificatePem?: string;
}

export type BundleVerifier = (
  bundleJson: unknown,
  subject: BundleSubject,
  what: string,
) => BundleVerification;

export interface BundleVerifierOptions {
  /**
   * cosign's `--insecure-ignore-tlog`: accept a bundle with no transparency-log entry (as
   * `cosign sign-blob --tlog-upload=false` writes). A key needs no signing time then; a
   * certificate still does (an RFC 3161 timestamp), or its validity would go unchecked.
   */
  readonly ignoreTlog?: boolean;
  /** cosign's `--insecure-ignore-sct`: a certificate needs no SCT (private CAs without CT). */
  readonly ignoreSct?: boolean;
}

export function createBundleVerifier(
  root: TrustedRoot,
  trust: BundleTrust,
  options: BundleVerifierOptions = {},
): BundleVerifier {
  const keyFinder =
    trust.kind === 'key' ? () => ({ publicKey: trust.key, validFor: () => true }) : undefined;
  const ignoreTlog = options.ignoreTlog === true;
  const verifier = new Verifier(toTrustMaterial(root, keyFinder), {
    tlogThreshold: ignoreTlog ? 0 : 1,
    // An SCT proves the certificate was logged; a key-based bundle has no certificate.
    ctlogThreshold: trust.kind === 'identity' && options.ignoreSct !== true ? 1 : 0,
    timestampThreshold: ignoreTlog && trust.kind === 'key' ? 0 : 1,
  });
  return (bundleJson, subject, what) => {
    const bundle = readBundle(bundleJson, what);
    checkCertificatesStrictly(bundle, what);
    checkProofRoots(bundle, what);
    checkTimestampsStrictly(bundle, what);
    const entity = signedEntity(bundle, subject);
    let signer: ReturnType<Verifier['verify']>;
    try {
      signer = verifier.verify(entity);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw fail(
        'SIGSTORE_BUNDLE_UNVERIFIED',
        `${what}: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message}`,
        { cause: error },
      );
    }
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    const found = signerIdentity(signer);
    if (trust.kind === 'identity') checkAnyIdentity(trust.policy, found, what);
    if (bundle.content.$case === 'dsseEnvelope') {
      const envelope = bundle.content.dsseEnvelope;
      checkStatementSubject(envelope.payloadType, envelope.payload, subjectSha256(subject), what);
    }
    return {
      mediaType: bundle.mediaType,
      content: bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature',
      ...(identity === undefined ? {} : { identity }),
      ...(issuer === undefined ? {} : { issuer }),
      ...leafFacts(bundle, found.githubWorkflow),
      tlogEntries: bundle.verificationMaterial.tlogEntries.length,
    };
  };
}

function leafFacts(
  bundle: Bundle,
  githubWorkflow: GithubWorkflowClaims | undefined,
): Pick<BundleVerification, 'githubWorkflow' | 'certificatePem'> {
  const material = bundle.verificationMaterial.content;
  const der =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.$case === 'x509CertificateChain'
        ? material.x509CertificateChain.certificates[0]?.rawBytes
        : undefined;
  if (der === undefined) return {};
  return {
    githubWorkflow: githubWorkflow ?? {},
    certificatePem: new X509Certificate(der).toString(),
  };
}

function checkAnyIdentity(
  policy: IdentityPolicy | readonly IdentityPolicy[],
  found: ReturnType<typeof signerIdentity>,
  what: string,
): void {
  const policies: readonly IdentityPolicy[] = Array.isArray(policy) ? policy : [policy];
  if (policies.length === 1) return checkIdentity(policies[0]!, found, what);
  if (policies.some((p) => identityMismatch(p, found) === undefined)) return;
  const problems = policies.map((p) => identityMismatch(p, found)).join('; and ');
  throw fail('CERTIFICATE_IDENTITY_MISMATCH', `${what}: ${problems}`);
}

function readBundle(json: unknown, what: string): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    const fields = (error as { fields?: unknown }).fields;
    const where = Array.isArray(fields) && fields.length > 0 ? ` (${fields.join(', ')})` : '';
    throw fail('SIGSTORE_BUNDLE_UNREADABLE', `${what}: ${(error as Error).message}${where}`, {
      cause: error,
    });
  }
}

function signedEntity(bundle: Bundle, subject: BundleSubject): SignedEntity {
  try {
    const artifact = subject.kind === 'artifact' ? Buffer.from(subject.bytes) : undefined;
    const entity = toSignedEntity(bundle, artifact);
    const content = bundle.content;
    if (content.$case === 'dsseEnvelope') {
      const envelope = content.dsseEnvelope;
      return {
        ...entity,
        signature: dsseContentAcceptingPaeDigest(
          entity.signature,
          envelope.payloadType,
          envelope.payload,
        ),
      };
    }
    if (subject.kind === 'digest') {
      const message = content.messageSignature;
      return {
        ...entity,
        signature: digestOnlyMessageContent(
          message.signature,
          message.messageDigest?.digest ?? new Uint8Array(),
          subject.sha256,
        ),
      };
    }
    return entity;
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw fail('SIGSTORE_BUNDLE_UNREADABLE', `bundle: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
