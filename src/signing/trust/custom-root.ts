/**
 * A trusted root made from loose trust material, for what cosign takes as separate flags:
 * `--certificate-chain FILE` (intermediates then the root), `--ca-roots FILE` and
 * `--ca-intermediates FILE` (private PKIs), transparency-log keys (`--tlog-key`,
 * Signet's own log), and for policies CT log keys and RFC 3161 TSA chains. The result is the same protobuf-specs TrustedRoot a
 * `--trusted-root` file gives, so one verifier serves every source of trust.
 *
 * Each root becomes one certificate authority whose chain is every given intermediate
 * followed by that root: the verifier builds the path from the leaf by issuer, so an
 * intermediate that does not chain to the root is never used. A CA is valid from its
 * earliest certificate's notBefore (each certificate's own validity is checked anyway).
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { errorFactory } from '../../core/errors.js';
import { kindOfKeyObject, type KeyKind } from '../../core/keys/index.js';
import { TRUST_ERRORS } from './errors.js';

/** protobuf-specs PublicKeyDetails per log key type (the hashes Rekor and CT logs sign with). */
export const LOG_KEY_DETAILS: Readonly<Record<KeyKind, string>> = {
  'ecdsa-p256': 'PKIX_ECDSA_P256_SHA_256',
  'ecdsa-p384': 'PKIX_ECDSA_P384_SHA_384',
  'ecdsa-p521': 'PKIX_ECDSA_P521_SHA_512',
  ed25519: 'PKIX_ED25519',
  rsa: 'PKIX_RSA_PKCS1V15_2048_SHA256',
};

const fail = errorFactory(TRUST_ERRORS);

const MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/gu;
/** More certificates than any real chain or root bundle holds; bounds a hostile file. */
const MAX_CERTIFICATES = 200;

export interface CustomRootInput {
  /** Root CA certificates (PEM text, one or more), with the file they came from. */
  readonly roots?: { readonly pem: string; readonly source: string };
  readonly intermediates?: { readonly pem: string; readonly source: string };
  /** Transparency-log public keys, optionally windowed (a Sigstore root's validFor). */
  readonly logKeys?: readonly { readonly key: KeyObject; readonly validFrom?: Date }[];
  /**
   * The logs' URL. A checkpoint signature names its log (`— <name> <sig>`), and
   * @sigstore/verify trusts it only from a log whose base URL contains that name, so
   * inclusion proofs of a log known by key alone do not verify.
   */
  readonly logUrl?: string;
  /** CT log public keys whose SCTs vouch for certificates (policy-controller `ctlog`). */
  readonly ctLogKeys?: readonly { readonly key: KeyObject; readonly validFrom?: Date }[];
  /** RFC 3161 timestamp authorities: PEM chains, leaf (the TSA) first, root last. */
  readonly timestampAuthorities?: readonly { readonly pem: string; readonly source: string }[];
}

/** PEM certificates of a file, each checked as X.509; throws TRUSTED_ROOT_INVALID. */
export function readPemCertificates(pem: string, source: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw fail('TRUSTED_ROOT_INVALID', `${source}: no PEM certificate`);
  if (blocks.length > MAX_CERTIFICATES) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: more than ${MAX_CERTIFICATES} certificates`);
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw fail(
        'TRUSTED_ROOT_INVALID',
        `${source}: certificate ${i + 1} is not X.509 (${(error as Error).message})`,
        { cause: error },
      );
    }
  });
}

/**
 * `--certificate-chain FILE`: cosign's order, the leaf's issuer first and the root last.
 * The last certificate must be self-signed: it is the one trusted.
 */
export function chainFileRoot(pem: string, source: string): CustomRootInput {
  const certificates = readPemCertificates(pem, source);
  const root = certificates[certificates.length - 1]!;
  if (!root.checkIssued(root) || !root.verify(root.publicKey)) {
    throw fail(
      'TRUSTED_ROOT_INVALID',
      `${source}: the last certificate (${root.subject.replace(/\n/gu, ', ')}) is not a self-signed root`,
    );
  }
  return {
    roots: { pem: root.toString(), source },
    ...(certificates.length > 1
      ? {
          intermediates: {
            pem: certificates
              .slice(0, -1)
              .map((c) => c.toString())
              .join(''),
            source,
          },
        }
      : {}),
  };
}

export function customTrustedRoot(input: CustomRootInput): TrustedRoot {
  const roots =
    input.roots === undefined ? [] : readPemCertificates(input.roots.pem, input.roots.source);
  const intermediates =
    input.intermediates === undefined
      ? []
      : readPemCertificates(input.intermediates.pem, input.intermediates.source);
  const certificateAuthorities = roots.map((root) =>
    certificateAuthorityJson([...intermediates, root].map((c) => c.raw)),
  );
  const logOf =
    (url: string) =>
    ({ key, validFrom }: { key: KeyObject; validFrom?: Date }) => {
      const der = key.export({ format: 'der', type: 'spki' });
      return {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: der.toString('base64'),
          keyDetails: LOG_KEY_DETAILS[kindOfKeyObject(key, 'log key')],
          validFor: { start: (validFrom ?? new Date(0)).toISOString() },
        },
        logId: { keyId: createHash('sha256').update(der).digest('base64') },
      };
    };
  const timestampAuthorities = (input.timestampAuthorities ?? []).map(({ pem, source }) =>
    certificateAuthorityJson(readPemCertificates(pem, source).map((c) => c.raw)),
  );
  return TrustedRoot.fromJSON({
    mediaType: MEDIA_TYPE,
    tlogs: (input.logKeys ?? []).map(logOf(input.logUrl ?? '')),
    certificateAuthorities,
    ctlogs: (input.ctLogKeys ?? []).map(logOf('')),
    timestampAuthorities,
  });
}

/**
 * A certificate authority (or TSA) of a trusted root, in protobuf-specs JSON, for a chain
 * of DER certificates: trusted from its earliest certificate's notBefore (the epoch for
 * an empty chain), since loose material carries no validity window of its own.
 */
export function certificateAuthorityJson(
  chain: readonly Uint8Array[],
  subject: { readonly organization: string; readonly commonName: string } = {
    organization: '',
    commonName: '',
  },
  uri = '',
) {
  const starts = chain.map((der) => new Date(new X509Certificate(der).validFrom).getTime());
  return {
    subject,
    uri,
    certChain: {
      certificates: chain.map((der) => ({ rawBytes: Buffer.from(der).toString('base64') })),
    },
    validFor: { start: new Date(starts.length === 0 ? 0 : Math.min(...starts)).toISOString() },
  };
}

/**
 * A trusted root with more CAs and logs: a `--trusted-root` file or the public-good root
 * extended with `--certificate-chain` or `--tlog-key` material.
 */
export function mergeTrustedRoots(base: TrustedRoot, extra: TrustedRoot): TrustedRoot {
  return {
    ...base,
    tlogs: [...base.tlogs, ...extra.tlogs],
    certificateAuthorities: [...base.certificateAuthorities, ...extra.certificateAuthorities],
    ctlogs: [...base.ctlogs, ...extra.ctlogs],
    timestampAuthorities: [...base.timestampAuthorities, ...extra.timestampAuthorities],
  };
}
