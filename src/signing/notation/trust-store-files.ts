/**
 * Loads a trust store directory laid out as notation lays it out
 * (`$XDG_CONFIG_HOME/notation/truststore`): `x509/<type>/<name>/<file>` with type `ca`,
 * `signingAuthority` or `tsa`, each file one or more PEM certificates or one DER
 * certificate. Only the stores a trust policy names are read, so an unrelated broken
 * store does not fail verification. Files are bounded; symlinks out of the store are read
 * as notation reads them (the operator owns the directory).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { X509Certificate } from 'node:crypto';
import { parsePemBlocks } from '../../core/pem.js';
import { parseCertificateDer } from './certificate-der.js';
import { parseCrl } from './crl.js';
import { notationError } from './errors.js';
import type { TrustPolicyDocument, TrustStoreType } from './trust-policy-types.js';
import type { TrustMaterial, TrustStore } from './trust-store.js';

/** A certificate file; real ones are a few KiB, a bundle of roots some hundreds. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Files in one named store. */
const MAX_FILES = 256;

async function readBounded(path: string, what: string): Promise<Buffer> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES)
    throw notationError(
      'NOTATION_TRUST_STORE_INVALID',
      `${what} (${path}) is ${info.size} bytes (limit ${MAX_FILE_BYTES})`,
    );
  return readFile(path);
}

export function certificatesFromFile(bytes: Buffer, path: string): X509Certificate[] {
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return [parseCertificateDer(bytes, path)];
  const blocks = parsePemBlocks(text, path).filter((b) => b.type === 'CERTIFICATE');
  if (blocks.length === 0)
    throw notationError('NOTATION_CERTIFICATE_INVALID', `${path} holds no PEM CERTIFICATE block`);
  return blocks.map((b, i) => parseCertificateDer(b.der, `certificate ${i} of ${path}`));
}

async function loadStore(
  root: string,
  type: TrustStoreType,
  name: string,
): Promise<X509Certificate[] | undefined> {
  const dir = join(root, 'x509', type, name);
  let files: string[];
  try {
    files = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw notationError(
      'NOTATION_TRUST_STORE_INVALID',
      `trust store ${type}:${name} (${dir}) cannot be read`,
      { cause: error },
    );
  }
  if (files.length > MAX_FILES)
    throw notationError(
      'NOTATION_TRUST_STORE_INVALID',
      `trust store ${type}:${name} holds ${files.length} files (limit ${MAX_FILES})`,
    );
  const certs: X509Certificate[] = [];
  for (const file of files) {
    const path = join(dir, file);
    if (!(await stat(path)).isFile()) continue;
    certs.push(
      ...certificatesFromFile(
        await readBounded(path, `a certificate of trust store ${type}:${name}`),
        path,
      ),
    );
  }
  if (certs.length === 0)
    throw notationError(
      'NOTATION_TRUST_STORE_INVALID',
      `trust store ${type}:${name} (${dir}) holds no certificate`,
    );
  return certs;
}

/** Reads the stores `policy` names from the trust store directory `root`. */
export async function loadTrustStore(
  root: string,
  policy: TrustPolicyDocument,
): Promise<TrustStore> {
  const stores = new Map<string, X509Certificate[] | undefined>();
  for (const statement of policy.statements) {
    for (const ref of statement.trustStores) {
      const key = `${ref.type}:${ref.name}`;
      if (!stores.has(key)) stores.set(key, await loadStore(root, ref.type, ref.name));
    }
  }
  return { certificates: (type, name) => stores.get(`${type}:${name}`) };
}

export async function loadCrlFiles(paths: readonly string[]) {
  return Promise.all(
    paths.map(async (path) => {
      let bytes: Buffer;
      try {
        bytes = await readBounded(path, 'a CRL');
      } catch (cause) {
        throw notationError('NOTATION_CRL_INVALID', `CRL file ${path} cannot be read`, { cause });
      }
      return parseCrl(bytes, `CRL file ${path}`);
    }),
  );
}

export async function loadTrustMaterial(
  root: string,
  policy: TrustPolicyDocument,
  crlFiles: readonly string[],
): Promise<TrustMaterial> {
  return { trustStore: await loadTrustStore(root, policy), crls: await loadCrlFiles(crlFiles) };
}
