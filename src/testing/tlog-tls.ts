/**
 * Test-only: certificates for a log served over TLS on 127.0.0.1 and for its writers. A
 * client CA issues the accepted client certificate; a second, unrelated CA issues one the
 * log must not accept. ECDSA P-256 throughout, generated per run.
 */
import { createCertificateAuthority, type IssuedCertificate } from '../core/x509/index.js';

const DAY_MS = 86_400_000;

export type PemPair = IssuedCertificate;

export interface TlogTlsMaterial {
  /** The CA that issued `server`: what clients trust. */
  readonly serverCaPem: string;
  /** Serving certificate for IP 127.0.0.1. */
  readonly server: PemPair;
  /** The CA whose client certificates may write. */
  readonly clientCaPem: string;
  readonly client: PemPair;
  /** A client certificate from another CA. */
  readonly strangerClient: PemPair;
}

export async function tlogTlsMaterial(): Promise<TlogTlsMaterial> {
  const validity = {
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + DAY_MS),
  };
  const serverCa = await createCertificateAuthority('signet test log server CA', validity);
  const clientCa = await createCertificateAuthority('signet test log writers CA', validity);
  const otherCa = await createCertificateAuthority('some other CA', validity);
  const client = { commonName: 'ci-signer', usage: 'client', ...validity } as const;
  return {
    serverCaPem: serverCa.certificatePem,
    server: await serverCa.issue({
      commonName: '127.0.0.1',
      usage: 'server',
      ipAddresses: ['127.0.0.1'],
      ...validity,
    }),
    clientCaPem: clientCa.certificatePem,
    client: await clientCa.issue(client),
    strangerClient: await otherCa.issue(client),
  };
}
