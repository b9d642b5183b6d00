/**
 * Content digests as the OCI image spec defines them (`algorithm:encoded`), and the
 * checks that every byte fetched by digest must pass.
 */
import { createHash } from 'node:crypto';
import { errorFactory } from './errors.js';

export const DIGEST_ERRORS = {
  DIGEST_INVALID: {
    category: 'usage',
    summary: 'A digest string is not `algorithm:hex` of a supported algorithm and length.',
  },
  DIGEST_MISMATCH: {
    category: 'verification',
    summary:
      'Content fetched by digest hashes to a different digest: it was altered or the server is faulty.',
  },
} as const;

const fail = errorFactory(DIGEST_ERRORS);

/** Algorithms we can compute; the hex length each one must have (OCI image spec, descriptor.md). */
export const DIGEST_ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

export interface ParsedDigest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
}

const DIGEST_PATTERN = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-f0-9]+)$/;

/** Parses `sha256:<64 hex>` or `sha512:<128 hex>`; rejects anything else with DIGEST_INVALID. */
export function parseDigest(digest: string): ParsedDigest {
  const match = DIGEST_PATTERN.exec(digest);
  if (match === null) {
    throw fail('DIGEST_INVALID', `"${truncate(digest)}" is not a digest of the form sha256:<hex>`);
  }
  const algorithm = match[1] as string;
  const hex = match[2] as string;
  if (!(algorithm in DIGEST_ALGORITHMS)) {
    throw fail(
      'DIGEST_INVALID',
      `digest algorithm "${algorithm}" is not supported (use sha256 or sha512)`,
    );
  }
  const want = DIGEST_ALGORITHMS[algorithm as DigestAlgorithm];
  if (hex.length !== want) {
    throw fail(
      'DIGEST_INVALID',
      `a ${algorithm} digest has ${want} hex characters, "${truncate(digest)}" has ${hex.length}`,
    );
  }
  return { algorithm: algorithm as DigestAlgorithm, hex };
}

export function isDigest(value: string): boolean {
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}

/** The digest of `bytes` with the given algorithm, as `algorithm:hex`. */
export function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Throws DIGEST_MISMATCH unless `bytes` hash to `expected`. `what` names the object for
 * the message (for example `manifest registry.example/app@sha256:...`).
 */
export function verifyDigest(bytes: Uint8Array, expected: string, what: string): void {
  const { algorithm } = parseDigest(expected);
  const actual = digestOf(bytes, algorithm);
  if (actual !== expected) {
    throw fail(
      'DIGEST_MISMATCH',
      `${what}: content hashes to ${actual}, expected ${expected}; refusing to use it`,
      {
        details: { expected, actual },
      },
    );
  }
}

function truncate(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
