/**
 * A pass-through stream that hashes what flows through it and fails at the end when the
 * content does not hash to the expected digest. Consumers must treat data as untrusted until
 * the stream ends without error (write to a temporary place, then commit).
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DIGEST_ERRORS, parseDigest } from '../../core/digest.js';
import { errorFactory } from '../../core/errors.js';

const digestError = errorFactory(DIGEST_ERRORS);

export function digestVerifyingStream(expected: string, what: string): Transform {
  const { algorithm } = parseDigest(expected);
  const hash = createHash(algorithm);
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = `${algorithm}:${hash.digest('hex')}`;
      if (actual === expected) {
        callback();
        return;
      }
      callback(
        digestError(
          'DIGEST_MISMATCH',
          `${what}: content hashes to ${actual}, expected ${expected}; discard what was read`,
          { details: { expected, actual } },
        ),
      );
    },
  });
}
