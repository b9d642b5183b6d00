/**
 * Judges an image's cosign signatures against one authority's key: the legacy `.sig`
 * layers and the Sigstore bundles attached as referrers (cosign v3). For legacy layers,
 * with the default hashes this is exactly `signing/verify`'s verifier; with
 * `key.hashAlgorithm` the same steps run with that hash (signature over the exact payload
 * bytes first, then the payload's type and digest). Bundles carry a DSSE signature whose
 * scheme is fixed by the key type, so `hashAlgorithm` does not apply to them. Returns a
 * reason in plain words when nothing verifies.
 */
import { decodeBase64 } from '../../core/base64.js';
import type { PublicKey } from '../../core/keys/index.js';
import {
  CosignAnnotation,
  CosignMediaType,
  COSIGN_SIGNATURE_TYPE,
  type SignatureLayer,
} from '../../signing/cosign/signature-layer.js';
import { parseSimpleSigningPayload } from '../../signing/cosign/simple-signing.js';
import { MAX_SIGNATURE_LAYERS, type Verifier } from '../../signing/verify/index.js';
import { verifySignBundle } from '../../signing/bundle/index.js';
import type { PolicyHash } from '../types.js';
import type { CompiledTlogTrust } from '../../signing/verify/index.js';
import { keyVerifies } from './key-check.js';
import { verifiedLogIndex } from './key-log-entry.js';

/** One signature that verified with the key: where it was read, and its verified log entry. */
export interface KeySignatureMatch {
  readonly format: 'legacy' | 'bundle';
  readonly logIndex?: number;
}

export type SignatureCheck =
  | { ok: true; matched: readonly KeySignatureMatch[] }
  | { ok: false; found: number; detail: string };

export function checkSignatures(
  key: PublicKey,
  hash: PolicyHash | undefined,
  verifier: Verifier,
  layers: readonly SignatureLayer[],
  imageDigest: string,
  bundles: readonly Uint8Array[] = [],
  logs?: CompiledTlogTrust,
): SignatureCheck {
  const legacy = layers.filter((l) => l.mediaType === CosignMediaType.SimpleSigning).length;
  const found = legacy + bundles.length;
  if (found === 0) return { ok: false, found, detail: 'no signatures found' };
  const legacyProblems =
    legacy === 0
      ? []
      : hash === undefined
        ? viaVerifier(verifier, layers, imageDigest, key, logs)
        : withHash(key, hash, layers, imageDigest, logs);
  if (!Array.isArray(legacyProblems)) return { ok: true, matched: legacyProblems.matched };
  const bundleProblems = checkBundles(key, bundles, imageDigest);
  if (bundleProblems === undefined) return { ok: true, matched: [{ format: 'bundle' }] };
  const problems = [...legacyProblems, ...bundleProblems];
  const plural = found === 1 ? '1 signature found' : `${found} signatures found`;
  const distinct = [...new Set(problems)];
  if (distinct.length === 1 && distinct[0] === KEY_MISMATCH) {
    return { ok: false, found, detail: `${plural}, none verifies with the key` };
  }
  return { ok: false, found, detail: `${plural}: ${distinct.slice(0, 5).join('; ')}` };
}

/** Undefined when a bundle verified; otherwise one problem per bundle. */
function checkBundles(
  key: PublicKey,
  bundles: readonly Uint8Array[],
  imageDigest: string,
): string[] | undefined {
  const problems: string[] = [];
  for (const [i, bytes] of bundles.slice(0, MAX_SIGNATURE_LAYERS).entries()) {
    const result = verifySignBundle(bytes, `bundle ${i + 1}`, {
      keys: [key],
      annotations: {},
      imageDigest,
    });
    if (result.status === 'verified') return undefined;
    const keyRefused = result.reason === 'signature-invalid' || result.reason === 'no-trusted-key';
    problems.push(keyRefused ? KEY_MISMATCH : result.message);
  }
  return problems;
}

const KEY_MISMATCH = 'none verifies with the key';

/** The layers that verified; otherwise one problem per failed layer. */
function viaVerifier(
  verifier: Verifier,
  layers: readonly SignatureLayer[],
  imageDigest: string,
  key: PublicKey,
  logs: CompiledTlogTrust | undefined,
): string[] | { matched: KeySignatureMatch[] } {
  const result = verifier.verify({ imageDigest, signatures: layers });
  if (result.ok)
    return { matched: result.verified.map((l) => legacyMatch(layers[l.index]!, key, logs)) };
  return result.layers
    .filter((l) => l.status === 'failed')
    .map((l) =>
      l.reason === 'signature-invalid'
        ? KEY_MISMATCH
        : l.message.replace(/^signature layer \d+: /, ''),
    );
}

/** A verified `.sig` layer, with its log index only when the entry verifies with a trusted log. */
function legacyMatch(
  layer: SignatureLayer,
  key: PublicKey,
  logs: CompiledTlogTrust | undefined,
): KeySignatureMatch {
  const logIndex = verifiedLogIndex(layer, key, logs);
  return logIndex === undefined ? { format: 'legacy' } : { format: 'legacy', logIndex };
}

function withHash(
  key: PublicKey,
  hash: PolicyHash,
  layers: readonly SignatureLayer[],
  imageDigest: string,
  logs: CompiledTlogTrust | undefined,
): string[] | { matched: KeySignatureMatch[] } {
  const problems: string[] = [];
  for (const layer of layers.slice(0, MAX_SIGNATURE_LAYERS)) {
    if (layer.mediaType !== CosignMediaType.SimpleSigning) continue;
    const problem = layerProblem(key, hash, layer, imageDigest);
    if (problem === undefined) return { matched: [legacyMatch(layer, key, logs)] };
    problems.push(problem);
  }
  return problems;
}

function layerProblem(
  key: PublicKey,
  hash: PolicyHash,
  layer: SignatureLayer,
  imageDigest: string,
): string | undefined {
  const encoded = layer.annotations[CosignAnnotation.Signature];
  if (encoded === undefined || encoded === '')
    return 'a signature layer has no signature annotation';
  let signature: Uint8Array;
  try {
    signature = decodeBase64(encoded, 'signature annotation');
  } catch {
    return 'a signature annotation is not base64';
  }
  if (!keyVerifies(key, hash, layer.payload, signature)) return KEY_MISMATCH;
  try {
    const payload = parseSimpleSigningPayload(layer.payload, 'signed payload');
    if (payload.type !== COSIGN_SIGNATURE_TYPE)
      return `a signed payload has type "${payload.type.slice(0, 60)}"`;
    if (payload.manifestDigest !== imageDigest)
      return `a signature signs ${payload.manifestDigest}, not this image`;
  } catch {
    return 'a signed payload is malformed';
  }
  return undefined;
}
