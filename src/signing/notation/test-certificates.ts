/**
 * Code-signing certificates for Notary Project signatures: the self-signed test
 * certificate `signet certs generate-test` writes (as `notation cert generate-test`
 * does: RSA 2048 by default, subject C/ST/L/O/CN so that a trust policy can name it with
 * `x509.subject:`), and CA hierarchies plus CRLs for tests of the trust model. Not for
 * production keys: those come from a real PKI.
 */
import 'reflect-metadata';
import {
  createPrivateKey,
  randomBytes,
  webcrypto,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import * as x509 from '@peculiar/x509';

export type TestKeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-256' | 'ec-384' | 'ec-521';
export const TEST_KEY_TYPES: readonly TestKeyType[] = [
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
  'ec-256',
  'ec-384',
  'ec-521',
];

export interface CertifiedKey {
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** For issuing further certificates and CRLs. */
  readonly keys: webcrypto.CryptoKeyPair;
  readonly algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
  /** The subject as encoded, so that issued certificates name their issuer byte for byte. */
  readonly subjectName: x509.Name;
}

export interface IssueRequest {
  /** `C=US, ST=WA, L=Seattle, O=Example, CN=name`. */
  readonly subject: string;
  readonly keyType?: TestKeyType;
  /** leaf: code signing; tsa: RFC 3161 timestamping; ca: may issue (path length unconstrained). */
  readonly role: 'leaf' | 'ca' | 'tsa';
  /** Absent: self-signed. */
  readonly issuer?: CertifiedKey;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

function keyAlgorithm(
  type: TestKeyType,
): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  const [kind, size] = type.split('-') as [string, string];
  if (kind === 'rsa') {
    return {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: Number(size),
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    };
  }
  return { name: 'ECDSA', namedCurve: `P-${size}` };
}

/** The algorithm an issuer signs certificates and CRLs with. */
function signingAlgorithm(algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams) {
  return algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export async function issueCertificate(request: IssueRequest): Promise<CertifiedKey> {
  const algorithm = keyAlgorithm(request.keyType ?? 'rsa-2048');
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = request.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = request.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const extensions: x509.Extension[] =
    request.role === 'ca'
      ? [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(
            x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
            true,
          ),
        ]
      : [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension(
            [
              request.role === 'tsa'
                ? x509.ExtendedKeyUsage.timeStamping
                : x509.ExtendedKeyUsage.codeSigning,
            ],
            request.role === 'tsa',
          ),
        ];
  extensions.push(
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
  );
  const issuer = request.issuer;
  const cert =
    issuer === undefined
      ? await x509.X509CertificateGenerator.createSelfSigned(
          {
            serialNumber: serial(),
            name: request.subject,
            notBefore,
            notAfter,
            signingAlgorithm: signingAlgorithm(algorithm),
            keys,
            extensions,
          },
          webcrypto,
        )
      : await x509.X509CertificateGenerator.create(
          {
            serialNumber: serial(),
            subject: request.subject,
            issuer: issuer.subjectName.toJSON(),
            notBefore,
            notAfter,
            signingAlgorithm: signingAlgorithm(issuer.algorithm),
            publicKey: keys.publicKey,
            signingKey: issuer.keys.privateKey,
            extensions,
          },
          webcrypto,
        );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    certificate: new X509Certificate(Buffer.from(cert.rawData)),
    privateKey,
    certificatePem: `${cert.toString('pem')}\n`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keys,
    algorithm,
    subjectName: cert.subjectName,
  };
}

/** A CRL of `issuer` revoking the given certificates, as PEM. */
export async function issueCrl(
  issuer: CertifiedKey,
  revoked: readonly X509Certificate[],
  options: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<string> {
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.subjectName.toJSON(),
      thisUpdate: options.thisUpdate ?? new Date(Date.now() - 60_000),
      nextUpdate: options.nextUpdate ?? new Date(Date.now() + 7 * 86_400_000),
      signingAlgorithm: signingAlgorithm(issuer.algorithm),
      signingKey: issuer.keys.privateKey,
      entries: revoked.map((c) => ({
        serialNumber: c.serialNumber.toLowerCase(),
        revocationDate: new Date(Date.now() - 30_000),
      })),
    },
    webcrypto,
  );
  return `${crl.toString('pem')}\n`;
}
