/**
 * Test-only: OpenSSL's time-stamping authority (`openssl ts -reply`, RFC 3161), a real
 * implementation independent of Signet, set up in a directory made for the run with a TSA
 * certificate and its issuing root.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const OPENSSL = '/usr/bin/openssl';

/** Why OpenSSL's TSA cannot run here, or undefined when it can. */
export const opensslSkipReason = (): string | undefined =>
  existsSync(OPENSSL) ? undefined : 'openssl is not installed (Debian package openssl)';

interface PemKeyPair {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * Writes the TSA's certificate and key, its root, a serial file and a `ts.cnf` into `dir`,
 * so that `opensslTimestampReply(dir, ...)` answers queries with tokens signed by `tsa`.
 */
export async function writeOpensslTsa(
  dir: string,
  tsa: PemKeyPair,
  root: { readonly certificatePem: string },
): Promise<void> {
  await writeFile(join(dir, 'tsa.crt'), tsa.certificatePem);
  await writeFile(join(dir, 'tsa.key'), tsa.privateKeyPem);
  await writeFile(join(dir, 'ca.crt'), root.certificatePem);
  await writeFile(join(dir, 'serial'), '01\n');
  await writeFile(
    join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${join(dir, 'serial')}`,
      `signer_cert = ${join(dir, 'tsa.crt')}`,
      `certs = ${join(dir, 'ca.crt')}`,
      `signer_key = ${join(dir, 'tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
}

/**
 * Answers the TimeStampReq in `queryFile` with the TSA written into `dir`, into `out`: a
 * TimeStampResp, or with `tokenOnly` the bare TimeStampToken.
 */
export async function opensslTimestampReply(
  dir: string,
  queryFile: string,
  out: string,
  tokenOnly = false,
): Promise<void> {
  await run(OPENSSL, [
    'ts',
    '-reply',
    '-queryfile',
    queryFile,
    '-config',
    join(dir, 'ts.cnf'),
    ...(tokenOnly ? ['-token_out'] : []),
    '-out',
    out,
  ]);
}
