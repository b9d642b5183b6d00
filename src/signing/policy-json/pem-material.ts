/**
 * Reading PEM keys and certificates the way containers/image does for sigstoreSigned
 * (sigstore/sigstore cryptoutils and Go's crypto/x509), so that the same files are accepted
 * and refused:
 * - a public key is the first PEM block, `PUBLIC KEY` (PKIX) or `RSA PUBLIC KEY` (PKCS #1);
 * - a CA pool (`caPath`, `caRootsPath`) keeps every `CERTIFICATE` block that parses and
 *   skips the rest (x509.CertPool.AppendCertsFromPEM), failing only when none is left;
 * - a certificate list (signature annotations, `caIntermediates…`) is strict: only PEM
 *   blocks separated by white space, each a certificate (cryptoutils.UnmarshalCertificatesFromPEM).
 * Signature annotations are attacker-controlled; every failure is a message, never a throw
 * of anything but Error.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';

const BLOCK = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----(\r?\n)?/g;

interface RawBlock {
  readonly type: string;
  readonly der: Buffer;
  readonly hasHeaders: boolean;
  readonly start: number;
  readonly end: number;
}

function blocksOf(text: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const body = match[2]!;
    const hasHeaders = /^[^\r\n:]+:/m.test(body);
    const base64 = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) continue;
    blocks.push({
      type: match[1]!,
      der: Buffer.from(base64, 'base64'),
      hasHeaders,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return blocks;
}

/** A public key whose signatures containers/image can check: RSA, ECDSA or Ed25519. */
export interface SigstorePublicKey {
  readonly keyObject: KeyObject;
  /** SubjectPublicKeyInfo DER, compared with the key a Rekor entry records. */
  readonly spki: Buffer;
}

export function readSigstorePublicKey(text: string, what: string): SigstorePublicKey {
  const block = blocksOf(text)[0];
  if (block === undefined) throw new Error(`${what}: PEM decoding failed`);
  let keyObject: KeyObject;
  try {
    if (block.type === 'PUBLIC KEY')
      keyObject = createPublicKey({ key: block.der, format: 'der', type: 'spki' });
    else if (block.type === 'RSA PUBLIC KEY')
      keyObject = createPublicKey({ key: block.der, format: 'der', type: 'pkcs1' });
    else throw new Error(`unknown public key PEM type "${block.type}"`);
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
  }
  const type = keyObject.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec' && type !== 'ed25519')
    throw new Error(`${what}: ${type ?? 'unknown'} keys are not supported for sigstore signatures`);
  return { keyObject, spki: keyObject.export({ format: 'der', type: 'spki' }) };
}

/** The CA certificates of a trust root file; throws when it holds none. */
export function readCertificatePool(text: string, what: string): X509Certificate[] {
  const pool: X509Certificate[] = [];
  for (const block of blocksOf(text)) {
    if (block.type !== 'CERTIFICATE' || block.hasHeaders) continue;
    try {
      pool.push(new X509Certificate(block.der));
    } catch {
      // AppendCertsFromPEM skips certificates it cannot parse.
    }
  }
  if (pool.length === 0) throw new Error(`${what} contains no PEM certificate`);
  return pool;
}

/** Every certificate in `text`, which must hold nothing else; [] for blank text. */
export function readCertificateList(text: string, what: string): X509Certificate[] {
  const blocks = blocksOf(text);
  let at = 0;
  const list: X509Certificate[] = [];
  for (const block of blocks) {
    if (text.slice(at, block.start).trim() !== '') break;
    try {
      list.push(new X509Certificate(block.der));
    } catch (error) {
      throw new Error(
        `${what}: certificate ${list.length + 1} does not parse (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    at = block.end;
  }
  if (text.slice(at).trim() !== '') throw new Error(`${what}: PEM decoding failed`);
  return list;
}

/**
 * The DER of the single PEM block in `text`, refusing trailing data, as VerifyRekorSET
 * compares the logged key or certificate with the one the signature carries.
 */
export function singlePemDer(text: string): Buffer | string {
  const block = blocksOf(text)[0];
  if (block === undefined) return 'is not in PEM format';
  if (text.slice(block.end) !== '') return 'has trailing data';
  return block.der;
}
