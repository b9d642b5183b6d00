/**
 * Verifies the attestations found for one image or file (`signet verify-attestation`,
 * `verify-blob-attestation`): each candidate envelope is opened by the in-toto reader
 * with the trusted keys, the predicate type and the subject digest, its predicate checked
 * against the SLSA schema when it claims provenance v1, then against the provenance
 * expectations and the caller's condition. Pure: candidates come fetched; every refusal
 * is kept with the candidate it belongs to.
 */
import type { DsseEnvelope } from '../../core/dsse.js';
import type { PublicKey } from '../../core/keys/index.js';
import { verifyDsseSignature } from '../bundle/index.js';
import { describeRefusal, openStatementEnvelope, type InTotoStatement } from '../intoto/index.js';
import { verifyCosignSignature } from '../verify/index.js';
import { checkPredicate } from './predicate-check.js';
import {
  checkProvenance,
  hasExpectations,
  type ProvenanceExpectations,
} from './provenance-checks.js';

export interface AttestationCandidate {
  /** Where it was found, for messages: `.att layer 2`, `bundle sha256:…`. */
  readonly source: string;
  readonly envelope: Uint8Array | DsseEnvelope;
  /** Whatever the fetcher keeps with it (layer annotations, the bundle); handed back as is. */
  readonly extra?: unknown;
}

export interface VerifyAttestationsOptions {
  /** Trusted keys; empty when `authenticate` (a certificate identity) decides instead. */
  readonly keys: readonly PublicKey[];
  /**
   * Authenticates a candidate by other means than `keys` (a Fulcio certificate identity
   * checked by signing/keyless): a string refuses it, else the signer's name.
   */
  readonly authenticate?: (
    candidate: AttestationCandidate,
    subjectDigest: string,
  ) => { readonly refused: string } | { readonly signer: string };
  readonly predicateType: string;
  /** `alg:hex` of the image or file. */
  readonly subjectDigest: string;
  readonly provenance?: ProvenanceExpectations;
  /** A CEL condition (or any check) over the statement JSON; undefined passes. */
  readonly condition?: (statement: Readonly<Record<string, unknown>>) => string | undefined;
  /**
   * Further checks on a candidate (transparency-log entry), given its envelope as already
   * parsed and verified; a string refuses it.
   */
  readonly extraCheck?: (
    candidate: AttestationCandidate,
    envelope: DsseEnvelope,
  ) => string | undefined;
}

export interface VerifiedAttestation {
  readonly source: string;
  readonly envelope: DsseEnvelope;
  readonly statement: InTotoStatement;
  readonly keyId: string;
  readonly extra?: unknown;
}

export interface AttestationsVerdict {
  readonly verified: readonly VerifiedAttestation[];
  readonly refused: readonly { readonly source: string; readonly reason: string }[];
}

/** DSSE signatures as Signet, cosign v3 (bundles) and cosign v2 (`.att`, cosign's schemes) make them. */
function dsseVerifies(key: PublicKey, pae: Uint8Array, sig: Uint8Array): boolean {
  return verifyDsseSignature(key, pae, sig) || verifyCosignSignature(key, pae, sig);
}

export function verifyAttestations(
  candidates: readonly AttestationCandidate[],
  options: VerifyAttestationsOptions,
): AttestationsVerdict {
  const verified: VerifiedAttestation[] = [];
  const refused: { source: string; reason: string }[] = [];
  for (const candidate of candidates) {
    let signer: PublicKey | undefined;
    const authenticated = options.authenticate?.(candidate, options.subjectDigest);
    if (authenticated !== undefined && 'refused' in authenticated) {
      refused.push({
        source: candidate.source,
        reason: `${candidate.source}: ${authenticated.refused}`,
      });
      continue;
    }
    const opened = openStatementEnvelope(candidate.envelope, {
      ...(authenticated !== undefined
        ? {}
        : {
            verify: (pae: Uint8Array, sig: Uint8Array) => {
              signer = options.keys.find((key) => dsseVerifies(key, pae, sig));
              return signer !== undefined;
            },
          }),
      predicateType: options.predicateType,
      subjectDigest: options.subjectDigest,
    });
    if (!opened.ok) {
      refused.push({
        source: candidate.source,
        reason: describeRefusal(candidate.source, opened.refusal),
      });
      continue;
    }
    const { statement } = opened;
    const reason = laterChecks(candidate, opened.envelope, statement, options);
    if (reason !== undefined) {
      refused.push({ source: candidate.source, reason: `${candidate.source}: ${reason}` });
      continue;
    }
    verified.push({
      source: candidate.source,
      envelope: opened.envelope,
      statement,
      keyId: signer?.keyId ?? (authenticated !== undefined ? authenticated.signer : ''),
      ...(candidate.extra === undefined ? {} : { extra: candidate.extra }),
    });
  }
  return { verified, refused };
}

function laterChecks(
  candidate: AttestationCandidate,
  envelope: DsseEnvelope,
  statement: InTotoStatement,
  options: VerifyAttestationsOptions,
): string | undefined {
  const schema = checkPredicate(statement.predicateType, statement.predicate);
  if (schema !== undefined) return describeRefusal('statement', schema).replace(/^statement: /, '');
  if (options.provenance !== undefined && hasExpectations(options.provenance)) {
    const mismatch = checkProvenance(
      statement.predicateType,
      statement.predicate,
      options.provenance,
    );
    if (mismatch !== undefined) return mismatch;
  }
  const failed = options.condition?.(statement.json);
  if (failed !== undefined) return failed;
  return options.extraCheck?.(candidate, envelope);
}
