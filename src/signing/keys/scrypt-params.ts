/**
 * The scrypt cost parameters cosign's key files may carry (go-securesystemslib
 * encrypted/encrypted.go). Decryption accepts only these, so a crafted key file cannot
 * make Signet spend gigabytes of memory or minutes of CPU on its KDF.
 */
import { scrypt } from 'node:crypto';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** N values go-securesystemslib accepts: legacy cosign, current default, OWASP-recommended. */
export const ACCEPTED_SCRYPT_N = [32768, 65536, 131072] as const;
export type ScryptN = (typeof ACCEPTED_SCRYPT_N)[number];

/** What `cosign generate-key-pair` writes today. */
export const DEFAULT_SCRYPT_N: ScryptN = 65536;

export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
/** secretbox keys are 32 bytes. */
export const SCRYPT_KEY_BYTES = 32;

/**
 * scrypt needs 128·N·r bytes: 128 MiB at N=131072. Node's default cap is 32 MiB, so raise
 * it to twice the largest accepted cost and no further.
 */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

export function isAcceptedScryptParams(params: ScryptParams): boolean {
  return (
    (ACCEPTED_SCRYPT_N as readonly number[]).includes(params.N) &&
    params.r === SCRYPT_R &&
    params.p === SCRYPT_P
  );
}

/** Derives the secretbox key asynchronously (100 ms and more of CPU, off the event loop). */
export function deriveKey(password: Uint8Array, salt: Uint8Array, N: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      SCRYPT_KEY_BYTES,
      { N, r: SCRYPT_R, p: SCRYPT_P, maxmem: SCRYPT_MAXMEM },
      (error, key) => (error === null ? resolve(new Uint8Array(key)) : reject(error)),
    );
  });
}
