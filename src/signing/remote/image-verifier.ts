/**
 * One verdict over both signature layouts: legacy `.sig` layers judged by the cosign
 * verifier (src/signing/verify), Sigstore bundles by the DSSE bundle check
 * (src/signing/bundle); or, keyless (certificate identities instead of keys), both by
 * src/signing/keyless (keyless-outcomes.ts). Built once with parsed keys or a compiled
 * trusted root; `verify` is pure and synchronous.
 */
import type { PublicKey } from '../../core/keys/index.js';
import { verifySignBundle } from '../bundle/index.js';
import { CosignAnnotation, type SignatureLayer } from '../cosign/index.js';
import {
  compileTlogTrust,
  createVerifier,
  type LayerChecks,
  type TlogTrust,
} from '../verify/index.js';
import { keylessBundleVerifier, type KeylessTrust } from '../keyless/index.js';
import { verdict, type ImageVerification, type SignatureOutcome } from './image-verdict.js';
import { keylessBundleOutcome, keylessLegacyOutcomes } from './keyless-outcomes.js';
import type { SignatureSet } from './signature-set.js';

export {
  imageVerificationError,
  type ImageVerification,
  type SignatureOutcome,
} from './image-verdict.js';

export interface ImageVerifierOptions {
  readonly keys: readonly PublicKey[];
  /** Required `-a k=v` annotations: in the payload's `optional` (legacy) or the statement subject (bundle). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Trusted transparency logs (`--tlog-key`); without it log entries are `not-checked`. */
  readonly tlog?: TlogTrust;
  /**
   * Keyless verification (`--certificate-identity` ...): certificates chained to the
   * trusted root's CAs, with their log entries and identities. Keys are then not used.
   */
  readonly keyless?: KeylessTrust;
}

export interface ImageVerifier {
  readonly keys: readonly PublicKey[];
  verify(set: SignatureSet, options?: { dockerReference?: string }): ImageVerification;
}

export function createImageVerifier(options: ImageVerifierOptions): ImageVerifier {
  if (options.keyless !== undefined) return createKeylessImageVerifier(options, options.keyless);
  const legacy = createVerifier(options);
  const keys = Object.freeze([...options.keys]);
  const annotations = Object.freeze({ ...(options.annotations ?? {}) });
  const tlog = options.tlog === undefined ? undefined : compileTlogTrust(options.tlog);
  return {
    keys,
    verify(set, verifyOptions = {}) {
      const outcomes: SignatureOutcome[] = [];
      if (set.legacy !== undefined) {
        const where = set.legacy.reference;
        const result = legacy.verify({
          imageDigest: set.imageDigest,
          signatures: set.legacy.layers,
          ...(verifyOptions.dockerReference === undefined
            ? {}
            : { dockerReference: verifyOptions.dockerReference }),
        });
        for (const layer of result.layers) {
          outcomes.push({
            layout: 'legacy',
            source: `${where} layer ${layer.index + 1}`,
            status: layer.status,
            reason: layer.reason,
            message: `${where} ${layer.message}`,
            checks: layer.checks,
            ...(layer.keyId === undefined ? {} : { keyId: layer.keyId }),
            ...(layer.tlogEntry === undefined ? {} : { tlogEntry: layer.tlogEntry }),
            ...(layer.status === 'verified'
              ? verifiedLayerFacts(set.legacy.layers[layer.index])
              : {}),
          });
        }
      }
      for (const bundle of set.bundles) {
        const result =
          bundle.problem !== undefined
            ? {
                status: 'failed' as const,
                reason: 'bundle-unreadable',
                message: `bundle ${bundle.reference}: ${bundle.problem}`,
                checks: NOT_CHECKED,
              }
            : verifySignBundle(bundle.bytes, `bundle ${bundle.reference}`, {
                keys,
                annotations,
                imageDigest: set.imageDigest,
                ...(tlog === undefined ? {} : { tlog }),
              });
        outcomes.push({
          layout: 'bundle',
          source: bundle.reference,
          status: result.status,
          reason: result.reason,
          message: result.message,
          checks: result.checks,
          ...('keyId' in result && result.keyId !== undefined ? { keyId: result.keyId } : {}),
          ...('tlogEntry' in result && result.tlogEntry !== undefined
            ? { tlogEntry: result.tlogEntry }
            : {}),
          ...(result.status === 'verified' && 'statement' in result
            ? { payload: statementJson(bundle.bytes) }
            : {}),
        });
      }
      return verdict(set.imageDigest, outcomes, set.problems);
    },
  };
}

function createKeylessImageVerifier(
  options: ImageVerifierOptions,
  trust: KeylessTrust,
): ImageVerifier {
  const annotations = Object.freeze({ ...(options.annotations ?? {}) });
  const bundles = keylessBundleVerifier(trust);
  return {
    keys: [],
    verify(set) {
      const context = { trust, annotations, imageDigest: set.imageDigest };
      const outcomes = [
        ...(set.legacy === undefined
          ? []
          : keylessLegacyOutcomes(set.legacy.reference, set.legacy.layers, context)),
        ...set.bundles.map((bundle) => keylessBundleOutcome(bundle, bundles, context)),
      ];
      return verdict(set.imageDigest, outcomes, set.problems);
    },
  };
}

const NOT_CHECKED: LayerChecks = {
  signature: 'not-checked',
  digest: 'not-checked',
  tlog: 'absent',
  certificate: 'absent',
};

/** What cosign's verify output shows of a verified layer: its payload and Rekor bundle. */
function verifiedLayerFacts(layer: SignatureLayer | undefined): {
  payload: unknown;
  rekorBundle?: unknown;
} {
  const bundle = layer?.annotations[CosignAnnotation.Bundle];
  return {
    payload: jsonOf(layer?.payload),
    ...(bundle === undefined ? {} : { rekorBundle: jsonOf(new TextEncoder().encode(bundle)) }),
  };
}

function jsonOf(bytes: Uint8Array | undefined): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

function statementJson(bundle: Uint8Array): unknown {
  const doc = jsonOf(bundle) as { dsseEnvelope?: { payload?: string } } | undefined;
  const payload = doc?.dsseEnvelope?.payload;
  return typeof payload === 'string'
    ? jsonOf(new Uint8Array(Buffer.from(payload, 'base64')))
    : undefined;
}
