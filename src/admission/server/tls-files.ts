/**
 * The serving certificate and key, read from files and reloaded when they change, so a
 * rotated certificate (cert-manager, `signet certs`, a re-mounted Secret) is served to new
 * connections without a restart. Polling with fs.watchFile survives the symlink swap
 * Kubernetes uses to update Secret volumes, where inotify watches on the old file go stale.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { describeError } from '../../core/errors.js';
import { admissionError } from '../errors.js';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

/** Reads both files and checks that the key belongs to the certificate. */
export async function readTlsMaterial(files: TlsFiles): Promise<TlsMaterial> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([
      readFile(files.certFile, 'utf8'),
      readFile(files.keyFile, 'utf8'),
    ]);
  } catch (error) {
    throw admissionError(
      'ADMISSION_TLS_INVALID',
      `cannot read the serving certificate ${files.certFile} or key ${files.keyFile}: ${describeError(error)}`,
    );
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // The OpenSSL message names the problem (mismatch, bad PEM), never the key bytes.
    throw admissionError(
      'ADMISSION_TLS_INVALID',
      `the certificate ${files.certFile} and key ${files.keyFile} are not a usable pair: ${describeError(error)}; regenerate them with signet certs`,
    );
  }
  return { cert, key };
}

/**
 * Calls `apply` with new material whenever either file changes and still forms a valid pair
 * (a half-written rotation is skipped and retried at the next change). Returns a stop function.
 */
export function watchTlsFiles(
  files: TlsFiles,
  intervalMs: number,
  apply: (material: TlsMaterial) => void,
  onError: (error: unknown) => void,
): () => void {
  const reload = () => {
    readTlsMaterial(files).then(apply, onError);
  };
  const options = { interval: intervalMs, persistent: false };
  watchFile(files.certFile, options, reload);
  watchFile(files.keyFile, options, reload);
  return () => {
    unwatchFile(files.certFile, reload);
    unwatchFile(files.keyFile, reload);
  };
}
