/**
 * A cosign key verifier, built once (keys parsed and checked) and used for many images:
 * pure and synchronous, it takes fetched signature layers and returns a verdict.
 *
 * Trust decisions: a layer is `verified` only when its signature checks with one of the
 * configured keys, its payload is a cosign image signature for exactly this digest and it
 * carries every required annotation. Certificates and Rekor bundles are reported as
 * `not-checked`; a certificate alone never makes a layer trusted (fail closed).
 */
import { parseDigest } from '../../core/digest.js';
import { errorFactory } from '../../core/errors.js';
import type { PublicKey } from '../../core/keys/index.js';
import type { SignatureLayer } from '../cosign/signature-layer.js';
import { VERIFY_ERRORS } from './errors.js';
import { verdictOf, type LayerResult, type VerificationResult } from './result.js';
import { verifyLayer } from './verify-layer.js';
import { compileTlogTrust, type TlogTrust } from './tlog-trust.js';

const fail = errorFactory(VERIFY_ERRORS);

/** Layers checked per image; cosign appends one per signing, so real images have a handful. Bounds CPU per admission. */
export const MAX_SIGNATURE_LAYERS = 1000;

const WORDING = { noun: 'cosign signature(s)', none: 'no cosign signature found' };

export interface VerifierOptions {
  readonly keys: readonly PublicKey[];
  /** `cosign verify -a k=v`: each must appear with this exact string value in the payload's `optional`. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Trusted transparency logs; without it, log entries are reported `not-checked`. */
  readonly tlog?: TlogTrust;
}

export interface VerifyInput {
  readonly imageDigest: string;
  /** When given, the payload's docker-reference must name the same repository (cosign itself ignores it). */
  readonly dockerReference?: string;
  readonly signatures: readonly SignatureLayer[];
}

export interface Verifier {
  verify(input: VerifyInput): VerificationResult;
}

export function createVerifier(options: VerifierOptions): Verifier {
  const keys = [...options.keys];
  keys.forEach((key, i) => {
    if (
      typeof key !== 'object' ||
      key === null ||
      key.keyObject?.type !== 'public' ||
      typeof key.keyId !== 'string'
    ) {
      throw fail(
        'VERIFIER_CONFIG_INVALID',
        `keys[${i}] is not a parsed public key; load keys with parsePublicKey`,
      );
    }
  });
  const annotations: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.annotations ?? {})) {
    if (typeof value !== 'string')
      throw fail('VERIFIER_CONFIG_INVALID', `required annotation "${name}" must be a string value`);
    annotations[name] = value;
  }
  Object.freeze(keys);
  Object.freeze(annotations);
  const tlog = options.tlog === undefined ? undefined : compileTlogTrust(options.tlog);

  return {
    verify(input) {
      parseDigest(input.imageDigest);
      const context = {
        keys,
        annotations,
        imageDigest: input.imageDigest,
        dockerReference: input.dockerReference,
        ...(tlog === undefined ? {} : { tlog }),
      };
      const layers: LayerResult[] = input.signatures.map((layer, index) =>
        index < MAX_SIGNATURE_LAYERS
          ? verifyLayer(layer, index, context)
          : {
              index,
              status: 'skipped',
              reason: 'too-many-signatures',
              message: `signature layer ${index + 1}: beyond the first ${MAX_SIGNATURE_LAYERS} layers; not checked`,
              checks: {
                signature: 'not-checked',
                digest: 'not-checked',
                tlog: 'absent',
                certificate: 'absent',
              },
            },
      );
      return { imageDigest: input.imageDigest, layers, ...verdictOf(layers, WORDING) };
    },
  };
}
