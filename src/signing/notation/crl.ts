/**
 * Revocation from certificate revocation lists given locally (RFC 5280 §5): a CRL counts
 * for a certificate only when it is signed by the certificate's issuer (the next
 * certificate of the chain) and current; a serial it lists is revoked.
 */
import 'reflect-metadata';
import { webcrypto, type X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { parsePemBlock } from '../../core/pem.js';
import { certificateName } from './certificate-chain.js';
import { notationError } from './errors.js';

/** RFC 7468 §9 names the label `X509 CRL`; OpenSSL writes it, @peculiar/x509 writes `CRL`. */
const CRL_PEM_TYPES = ['X509 CRL', 'CRL'];

export function parseCrl(bytes: Uint8Array | string, what: string): x509.X509Crl {
  try {
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
    return new x509.X509Crl(
      text.includes('-----BEGIN')
        ? parsePemBlock(text, CRL_PEM_TYPES, what).der
        : Buffer.from(text, 'latin1'),
    );
  } catch (cause) {
    throw notationError(
      'NOTATION_CRL_INVALID',
      `${what} is not a certificate revocation list (PEM or DER)`,
      { cause },
    );
  }
}

export type RevocationStatus =
  | { readonly status: 'good'; readonly checked: number }
  | { readonly status: 'revoked'; readonly detail: string }
  | { readonly status: 'unknown'; readonly detail: string };

const serialHex = (c: X509Certificate) => c.serialNumber.toLowerCase().replace(/^0+/, '');

/**
 * Whether a CRL is signed by an issuer, by the issuer's fingerprint: the same CRLs are
 * checked against the same CA for every signature, and a signature check is the costly
 * part. Kept with the CRL object, so it goes when the CRL does. Only issuers that did sign
 * it stay: a chain in an envelope is anyone's to make, so remembering every issuer that
 * failed would let signatures grow the map without bound for as long as the policy lives.
 */
const signedBy = new WeakMap<x509.X509Crl, Map<string, Promise<boolean>>>();

function crlSignedBy(crl: x509.X509Crl, issuer: X509Certificate): Promise<boolean> {
  let byIssuer = signedBy.get(crl);
  if (byIssuer === undefined) {
    byIssuer = new Map();
    signedBy.set(crl, byIssuer);
  }
  const key = issuer.fingerprint256;
  const known = byIssuer.get(key);
  if (known !== undefined) return known;
  const parsed = new x509.X509Certificate(new Uint8Array(issuer.raw));
  // A different name is refused without a signature check, so it needs no memory.
  if (crl.issuerName.toString() !== parsed.subjectName.toString()) return Promise.resolve(false);
  const result = crl.verify({ publicKey: parsed.publicKey }, webcrypto).catch(() => false);
  byIssuer.set(key, result);
  void result.then((signed) => {
    if (!signed) byIssuer.delete(key);
  });
  return result;
}

/**
 * Checks every certificate but the root against the CRLs of its issuer. A certificate no
 * current, correctly signed CRL covers makes the result unknown (the check then fails
 * when enforced, as notation's does when revocation cannot be established).
 */
export async function checkRevocation(
  chain: readonly X509Certificate[],
  crls: readonly x509.X509Crl[],
  now: Date,
): Promise<RevocationStatus> {
  let checked = 0;
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    let covered = false;
    for (const crl of crls) {
      if (!(await crlSignedBy(crl, issuer))) continue;
      if (crl.nextUpdate !== undefined && crl.nextUpdate < now) continue;
      covered = true;
      const entry = crl.entries.find(
        (e) => e.serialNumber.toLowerCase().replace(/^0+/, '') === serialHex(cert),
      );
      if (entry !== undefined)
        return {
          status: 'revoked',
          detail: `certificate ${certificateName(cert)} was revoked at ${entry.revocationDate.toISOString()}`,
        };
    }
    if (!covered)
      return {
        status: 'unknown',
        detail: `no current CRL signed by ${certificateName(issuer)} covers ${certificateName(cert)}`,
      };
    checked++;
  }
  return { status: 'good', checked };
}
