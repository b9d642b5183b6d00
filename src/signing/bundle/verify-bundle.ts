/**
 * Decides one Sigstore bundle attached to an image as a cosign v3 signature (cosign
 * specs/BUNDLE_SPEC.md): authenticate the DSSE envelope (PAE signature with a trusted
 * key) first, then read the statement, then compare what it claims. Pure and synchronous.
 */
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../core/dsse.js';
import { describeError } from '../../core/errors.js';
import type { PublicKey } from '../../core/keys/index.js';
import {
  factsOf,
  missingAnnotations,
  type CompiledTlogTrust,
  type LayerChecks,
  type TlogEntryFacts,
} from '../verify/index.js';
import { verifyBundleTlogEntry } from './bundle-tlog.js';
import { verifyDsseSignature } from './sign-statement.js';
import { parseSigstoreBundle, type ParsedBundle } from './sigstore-bundle.js';
import {
  parseStatement,
  SIGN_PREDICATE_TYPE,
  subjectFor,
  type InTotoStatement,
} from './statement.js';

export type BundleReason =
  | 'verified'
  | 'bundle-invalid'
  | 'not-a-sign-bundle'
  | 'payload-type-unknown'
  | 'no-trusted-key'
  | 'signature-invalid'
  | 'certificate-not-trusted'
  | 'statement-invalid'
  | 'digest-mismatch'
  | 'annotation-mismatch'
  | 'tlog-missing'
  | 'tlog-invalid';

/** At most this many tlog entries of one bundle are checked; real bundles carry one. */
export const MAX_BUNDLE_TLOG_ENTRIES = 8;

export interface BundleResult {
  readonly status: 'verified' | 'failed' | 'skipped';
  readonly reason: BundleReason;
  readonly message: string;
  readonly keyId?: string;
  /** Present once the signature checked; the signed statement. */
  readonly statement?: InTotoStatement;
  readonly checks: LayerChecks;
  /** The verified log entry, when `checks.tlog` is `verified`. */
  readonly tlogEntry?: TlogEntryFacts;
}

export interface BundleContext {
  readonly keys: readonly PublicKey[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly imageDigest: string;
  /** Absent: log entries are reported `not-checked`, and none is required. */
  readonly tlog?: CompiledTlogTrust;
}

export function verifySignBundle(
  bytes: Uint8Array,
  name: string,
  context: BundleContext,
): BundleResult {
  let checks: LayerChecks = {
    signature: 'not-checked',
    digest: 'not-checked',
    tlog: 'absent',
    certificate: 'absent',
  };
  const end = (
    status: BundleResult['status'],
    reason: BundleReason,
    message: string,
    extra: Partial<BundleResult> = {},
  ): BundleResult => ({ status, reason, message: `${name}: ${message}`, checks, ...extra });

  let bundle: ParsedBundle;
  try {
    bundle = parseSigstoreBundle(bytes, name);
  } catch (error) {
    return end('failed', 'bundle-invalid', describeError(error).replace(`${name}: `, ''));
  }
  checks = {
    ...checks,
    tlog: bundle.tlogEntries > 0 ? 'not-checked' : 'absent',
    certificate: bundle.material.kind === 'certificate' ? 'not-checked' : 'absent',
  };
  const envelope = bundle.envelope;
  if (envelope === undefined)
    return end('skipped', 'not-a-sign-bundle', 'holds a message signature, not a DSSE statement');
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return end(
      'failed',
      'payload-type-unknown',
      `payload type ${JSON.stringify(envelope.payloadType.slice(0, 100))} is not ${IN_TOTO_PAYLOAD_TYPE}`,
    );
  }
  if (bundle.material.kind === 'certificate') {
    return end(
      'failed',
      'certificate-not-trusted',
      'is signed with a certificate; certificate trust (chain, identity) is not checked yet, so it is not trusted',
    );
  }
  if (context.keys.length === 0)
    return end('failed', 'no-trusted-key', 'no trusted key is configured');

  const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
  // The key hint and the DSSE keyid are unauthenticated: try every trusted key on every signature.
  const signer = context.keys.find((key) =>
    envelope.signatures.some((s) => verifyDsseSignature(key, pae, s.sig)),
  );
  checks = { ...checks, signature: signer === undefined ? 'failed' : 'ok' };
  if (signer === undefined)
    return end(
      'failed',
      'signature-invalid',
      'the DSSE signature does not verify with any trusted key',
    );
  const keyId = signer.keyId;

  let statement: InTotoStatement;
  try {
    statement = parseStatement(envelope.payload, name);
  } catch (error) {
    return end('failed', 'statement-invalid', describeError(error).replace(`${name}: `, ''), {
      keyId,
    });
  }
  if (statement.predicateType !== SIGN_PREDICATE_TYPE) {
    return end(
      'skipped',
      'not-a-sign-bundle',
      `is an attestation of type ${JSON.stringify(statement.predicateType.slice(0, 100))}, not a signature`,
      { keyId, statement },
    );
  }
  const subject = subjectFor(statement, context.imageDigest);
  checks = { ...checks, digest: subject === undefined ? 'mismatch' : 'ok' };
  if (subject === undefined) {
    const named = statement.subjects
      .map((s) =>
        Object.entries(s.digest)
          .map(([a, h]) => `${a}:${h}`)
          .join(','),
      )
      .join('; ');
    return end(
      'failed',
      'digest-mismatch',
      `signs ${named.slice(0, 200)}, not the image digest ${context.imageDigest}`,
      { keyId, statement },
    );
  }
  const missing = missingAnnotations(context.annotations, subject.annotations);
  if (missing !== undefined) {
    return end(
      'failed',
      'annotation-mismatch',
      `statement lacks the required annotation(s) ${missing}`,
      { keyId, statement },
    );
  }
  let tlogEntry: TlogEntryFacts | undefined;
  if (context.tlog !== undefined) {
    const entries = bundle.tlogEntryJson.slice(0, MAX_BUNDLE_TLOG_ENTRIES);
    if (entries.length === 0) {
      if (context.tlog.required)
        return end(
          'failed',
          'tlog-missing',
          'carries no transparency-log entry, and one is required',
          {
            keyId,
            statement,
          },
        );
    } else {
      const outcomes = entries.map((e) =>
        verifyBundleTlogEntry(e, envelope, signer, context.tlog!),
      );
      const good = outcomes.find((o) => o.ok);
      checks = { ...checks, tlog: good === undefined ? 'failed' : 'verified' };
      if (good === undefined) {
        const first = outcomes[0]!;
        return end(
          'failed',
          'tlog-invalid',
          `its transparency-log entry does not verify: ${first.ok ? '' : first.message}`,
          { keyId, statement },
        );
      }
      tlogEntry = factsOf(good);
    }
  }
  return end('verified', 'verified', `verified with key ${keyId.slice(0, 16)}…`, {
    keyId,
    statement,
    ...(tlogEntry === undefined ? {} : { tlogEntry }),
  });
}
