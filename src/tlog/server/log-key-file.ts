/**
 * The log's signing key: an ECDSA P-256 private key in PEM (PKCS#8 or SEC1), given by
 * --key or generated on first start into the data directory. P-256 because cosign's legacy
 * SET check accepts only ECDSA keys (reference section 1.4). The generated file is created
 * exclusively with mode 0600 and never overwritten: losing it means a new log identity.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../core/errors.js';
import { tlogServerError } from './errors.js';

export const GENERATED_KEY_FILE = 'log-signing-key.pem';

export interface LogKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Where the key came from, for the start-up message. */
  readonly path: string;
  readonly generated: boolean;
}

export async function loadOrCreateLogKey(dataDir: string, keyPath?: string): Promise<LogKeyPair> {
  if (keyPath !== undefined)
    return { ...(await readKey(keyPath)), path: keyPath, generated: false };
  const path = join(dataDir, GENERATED_KEY_FILE);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw tlogServerError(
      'TLOG_DATA_DIR_UNUSABLE',
      `cannot create the log data directory ${dataDir}: ${describeError(error)}`,
    );
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    await writeFile(path, pem, { flag: 'wx', mode: 0o600 });
    return { privateKey, publicKey: createPublicKey(privateKey), path, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw tlogServerError(
        'TLOG_DATA_DIR_UNUSABLE',
        `cannot write the log key ${path}: ${describeError(error)}`,
      );
    }
    return { ...(await readKey(path)), path, generated: false };
  }
}

async function readKey(path: string): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await readFile(path, 'utf8'));
  } catch (error) {
    // The key text is never echoed: the message names the file only.
    throw tlogServerError(
      'TLOG_LOG_KEY_INVALID',
      `${path} is not a readable, unencrypted PEM private key (${(error as NodeJS.ErrnoException).code ?? 'parse error'})`,
    );
  }
  if (
    privateKey.asymmetricKeyType !== 'ec' ||
    privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    throw tlogServerError(
      'TLOG_LOG_KEY_INVALID',
      `${path} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; the log key must be ECDSA P-256`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
