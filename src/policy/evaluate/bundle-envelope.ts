/**
 * Attestations in the bundle layout: cosign v3 attaches each attestation as a Sigstore
 * bundle referrer whose `dsseEnvelope` holds the signed in-toto statement. The bundle's
 * protobuf JSON uses the DSSE envelope's own field names (payload, payloadType,
 * signatures[].sig), so the envelope is handed to the engine as it is, re-encoded alone;
 * the engine verifies it like an `.att` layer. Bundles are attacker-controlled JSON.
 */
import type { AttestationEnvelope } from './evidence.js';

/** The DSSE envelopes of `bundles` (raw JSON); bundles without one (message signatures) are skipped. */
export function bundleAttestations(bundles: readonly Uint8Array[]): AttestationEnvelope[] {
  return bundles.flatMap((bytes) => {
    const envelope = dsseEnvelopeOf(bytes);
    return envelope === undefined ? [] : [{ envelope, annotations: {} }];
  });
}

function dsseEnvelopeOf(bytes: Uint8Array): Uint8Array | undefined {
  let bundle: unknown;
  try {
    bundle = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const envelope = (bundle as { dsseEnvelope?: unknown } | null)?.dsseEnvelope;
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    return undefined;
  return new TextEncoder().encode(JSON.stringify(envelope));
}
