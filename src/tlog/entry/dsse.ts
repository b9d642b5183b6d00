/**
 * dsse v0.0.1 (sigstore/rekor pkg/types/dsse/v0.0.1): a DSSE envelope and the keys that
 * verify it.
 *
 *   spec: { proposedContent: { envelope: "<envelope JSON as a string>", verifiers: [<b64 PEM>] } }
 *
 * Every envelope signature must verify over the PAE with one of the verifiers, and every
 * verifier must verify at least one signature (go-securesystemslib's envelope verifier
 * fails below its threshold of one). The canonical body keeps the envelope and payload
 * hashes and the signatures with their verifiers, sorted by signature, and drops the
 * payload itself (pkg/types/dsse/README.md).
 */
import { sha256Hex } from '../../core/digest.js';
import { describeError } from '../../core/errors.js';
import { IN_TOTO_PAYLOAD_TYPE, parseDsseEnvelope, preAuthEncoding } from '../../core/dsse.js';
import { encodeBase64 } from '../../core/base64.js';
import { verifySignature } from '../../core/keys/index.js';
import { canonicalEntry, type CanonicalEntry } from './canonical-entry.js';
import { entryError } from './errors.js';
import { arrayAt, isObject, objectAt, stringAt } from './fields.js';
import {
  MAX_DSSE_SIGNATURES,
  MAX_DSSE_VERIFIERS,
  MAX_ENVELOPE_BYTES,
  MAX_INDEXED_SUBJECTS,
  MAX_VERIFIER_BYTES,
} from './limits.js';
import { digestSearchKey, publicKeySearchKey } from './search-keys.js';
import { encodeVerifier, parseVerifier, type Verifier } from './verifier.js';

export function canonicalizeDsse(specValue: unknown): CanonicalEntry {
  const spec = objectAt(specValue, 'spec');
  // As in Rekor, null and an empty signature list count as absent: go-swagger clients
  // (rekor-cli) send `"signatures": null` with every proposal.
  const present = (value: unknown) =>
    value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  if (present(spec.signatures) || present(spec.envelopeHash) || present(spec.payloadHash)) {
    throw entryError(
      'TLOG_ENTRY_MALFORMED',
      'spec.signatures, envelopeHash and payloadHash are computed by the log; send only spec.proposedContent',
    );
  }
  const proposed = objectAt(spec.proposedContent, 'spec.proposedContent');
  const envelopeText = stringAt(
    proposed.envelope,
    'spec.proposedContent.envelope',
    MAX_ENVELOPE_BYTES,
  );
  const verifiers = arrayAt(
    proposed.verifiers,
    'spec.proposedContent.verifiers',
    MAX_DSSE_VERIFIERS,
  ).map((value, i) => {
    const path = `spec.proposedContent.verifiers[${i}]`;
    return parseVerifier(stringAt(value, path, MAX_VERIFIER_BYTES * 2), path);
  });
  let envelope;
  try {
    envelope = parseDsseEnvelope(envelopeText, 'spec.proposedContent.envelope');
  } catch (error) {
    throw entryError('TLOG_ENTRY_MALFORMED', describeError(error), { cause: error });
  }
  if (envelope.signatures.length > MAX_DSSE_SIGNATURES) {
    throw entryError(
      'TLOG_ENTRY_TOO_LARGE',
      `the envelope has more than ${MAX_DSSE_SIGNATURES} signatures`,
    );
  }
  const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
  // Keyed by the signature's base64: Rekor collapses identical signatures into one.
  const verifiedBy = new Map<string, Verifier>();
  const used = new Set<Verifier>();
  envelope.signatures.forEach((signature, i) => {
    // SHA-256 for every ECDSA and RSA key, as Rekor's LoadVerifier(key, crypto.SHA256).
    const verifier = verifiers.find((v) =>
      verifySignature(v.key, pae, signature.sig, { hash: 'sha256', ed25519: 'pure' }),
    );
    if (verifier === undefined) {
      throw entryError(
        'TLOG_ENTRY_SIGNATURE_INVALID',
        `envelope signature ${i} does not verify with any of the ${verifiers.length} verifiers; all signatures must have a key that verifies them`,
      );
    }
    verifiedBy.set(encodeBase64(signature.sig), verifier);
    used.add(verifier);
  });
  const unused = verifiers.findIndex((v) => !used.has(v));
  if (unused !== -1) {
    throw entryError(
      'TLOG_ENTRY_SIGNATURE_INVALID',
      `spec.proposedContent.verifiers[${unused}] verifies none of the envelope's signatures`,
    );
  }
  const signatures = [...verifiedBy.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([signature, verifier]) => ({ signature, verifier: encodeVerifier(verifier) }));
  const payloadHash = sha256Hex(envelope.payload);
  const envelopeHash = sha256Hex(envelopeText);
  const canonicalSpec = {
    envelopeHash: { algorithm: 'sha256', value: envelopeHash },
    payloadHash: { algorithm: 'sha256', value: payloadHash },
    signatures,
  };
  return canonicalEntry('dsse', '0.0.1', canonicalSpec, [
    digestSearchKey('sha256', payloadHash),
    digestSearchKey('sha256', envelopeHash),
    ...[...used].map((v) => publicKeySearchKey(v.canonicalPem)),
    ...subjectSearchKeys(envelope.payloadType, envelope.payload),
  ]);
}

/** Digests of an in-toto statement's subjects (Rekor IndexKeys); best effort, bounded. */
function subjectSearchKeys(payloadType: string, payload: Uint8Array): string[] {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return [];
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return [];
  }
  if (!isObject(statement) || !Array.isArray(statement.subject)) return [];
  const keys: string[] = [];
  for (const subject of statement.subject.slice(0, MAX_INDEXED_SUBJECTS)) {
    if (!isObject(subject) || !isObject(subject.digest)) continue;
    for (const [algorithm, value] of Object.entries(subject.digest)) {
      if (
        typeof value === 'string' &&
        /^[0-9a-fA-F]{40,128}$/.test(value) &&
        /^[a-z0-9]{1,16}$/.test(algorithm)
      ) {
        keys.push(digestSearchKey(algorithm, value));
      }
    }
  }
  return keys;
}
