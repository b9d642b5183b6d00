/**
 * Test-only: signature evidence as cosign writes it with a key, for tests of the code that
 * verifies it — a `.sig` layer (`cosign sign --key`: simple-signing payload, base64
 * signature annotation) and a DSSE-wrapped in-toto statement (`cosign attest --key`).
 */
import { encodeBase64 } from '../core/base64.js';
import { encodeDsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../core/dsse.js';
import { signData, type HashName, type PrivateKey } from '../core/keys/index.js';
import { buildSimpleSigningPayload } from '../signing/cosign/simple-signing.js';
import {
  CosignAnnotation,
  CosignMediaType,
  type SignatureLayer,
} from '../signing/cosign/signature-layer.js';

const REPOSITORY = 'registry.example/team/app';

export interface SignatureLayerOptions {
  /** The payload's docker-reference; default registry.example/team/app. */
  readonly repository?: string;
  /** Default: the key type's own (signData's choice). */
  readonly hash?: HashName;
  /** The annotation text instead of a real signature, for malformed-signature cases. */
  readonly signature?: string;
}

/** One layer of a `.sig` manifest signing `digest` with `key`. */
export function cosignSignatureLayer(
  key: PrivateKey,
  digest: string,
  options: SignatureLayerOptions = {},
): SignatureLayer {
  const payload = buildSimpleSigningPayload({
    dockerReference: options.repository ?? REPOSITORY,
    manifestDigest: digest,
  });
  const signature =
    options.signature ?? encodeBase64(signData(key, payload, { hash: options.hash }));
  return {
    mediaType: CosignMediaType.SimpleSigning,
    payload,
    annotations: { [CosignAnnotation.Signature]: signature },
  };
}

export interface StatementOptions {
  /** The subject's name; default registry.example/team/app. */
  readonly repository?: string;
  /** `_type`; default in-toto Statement v1 (cosign before v2.2 wrote v0.1). */
  readonly statementType?: string;
  /** The envelope's payloadType; default the in-toto one. */
  readonly payloadType?: string;
}

/** The DSSE envelope (JSON bytes) of an in-toto statement about `digest`, signed with `key`. */
export function inTotoEnvelope(
  key: PrivateKey,
  digest: string,
  predicateType: string,
  predicate: unknown,
  options: StatementOptions = {},
): Uint8Array {
  const statement = {
    _type: options.statementType ?? 'https://in-toto.io/Statement/v1',
    predicateType,
    subject: [{ name: options.repository ?? REPOSITORY, digest: { sha256: digest.slice(7) } }],
    predicate,
  };
  const payload = new TextEncoder().encode(JSON.stringify(statement));
  const payloadType = options.payloadType ?? IN_TOTO_PAYLOAD_TYPE;
  const sig = signData(key, preAuthEncoding(payloadType, payload));
  const envelope = encodeDsseEnvelope({ payloadType, payload, signatures: [{ keyid: '', sig }] });
  return new TextEncoder().encode(envelope);
}
