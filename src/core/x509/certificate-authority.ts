/**
 * A private certificate authority that issues server and client certificates: the
 * webhook's serving certificate (`signet certs`) and the test starters' CAs (the
 * Kubernetes API server, the transparency log over TLS) are all made here. ECDSA P-256
 * throughout: supported by every API server, Go and Node client, and fast to handshake.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  CERTIFICATE_ALGORITHM,
  certificateSerial,
  generateCertificateKeys,
  pkcs8Pem,
} from './key-material.js';

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface CertificateRequest extends Validity {
  /** The subject's CN: a host name, or the user name of a client certificate. */
  readonly commonName: string;
  /** X.509 O attributes (a Kubernetes client certificate's groups). */
  readonly organizations?: readonly string[];
  readonly usage: 'client' | 'server';
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface CertificateAuthority {
  readonly certificatePem: string;
  /** Whoever holds it can issue trusted certificates: keep offline or delete. */
  readonly privateKeyPem: string;
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
}

/** A self-signed CA named `CN=<name>` that may sign leaf certificates only (path length 0). */
export async function createCertificateAuthority(
  name: string,
  validity: Validity,
): Promise<CertificateAuthority> {
  const caKeys = await generateCertificateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: certificateSerial(),
      name: `CN=${name}`,
      ...validity,
      signingAlgorithm: CERTIFICATE_ALGORITHM,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return {
    certificatePem: `${ca.toString('pem')}\n`,
    privateKeyPem: await pkcs8Pem(caKeys.privateKey),
    async issue(request) {
      const keys = await generateCertificateKeys();
      const subject = [
        `CN=${request.commonName}`,
        ...(request.organizations ?? []).map((o) => `O=${o}`),
      ].join(', ');
      const names = [
        ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
        ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
      ];
      const certificate = await x509.X509CertificateGenerator.create(
        {
          serialNumber: certificateSerial(),
          subject,
          issuer: ca.subject,
          notBefore: request.notBefore,
          notAfter: request.notAfter,
          signingAlgorithm: CERTIFICATE_ALGORITHM,
          publicKey: keys.publicKey,
          signingKey: caKeys.privateKey,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([
              request.usage === 'server'
                ? x509.ExtendedKeyUsage.serverAuth
                : x509.ExtendedKeyUsage.clientAuth,
            ]),
            ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
            await x509.AuthorityKeyIdentifierExtension.create(ca, false, webcrypto),
          ],
        },
        webcrypto,
      );
      return {
        certificatePem: `${certificate.toString('pem')}\n`,
        privateKeyPem: await pkcs8Pem(keys.privateKey),
      };
    },
  };
}
