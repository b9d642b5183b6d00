/**
 * Keyless verdicts on an image's signatures, both layouts: each legacy `.sig` layer by
 * verifyKeylessSignatureLayer, each bundle referrer by the Sigstore bundle verifier with
 * the image digest as its subject (cosign v3 signs images as a DSSE statement of
 * predicate type https://sigstore.dev/cosign/sign/v1 about the manifest digest). A failed
 * signature keeps its typed error's message, which names what did not match.
 */
import { isSignetError, describeError } from '../../core/errors.js';
import { CosignAnnotation, CosignMediaType, type SignatureLayer } from '../cosign/index.js';
import { readRekorBundleAnnotation } from '../cosign/rekor-bundle-annotation.js';
import {
  chainBundleAsLeaf,
  verifyKeylessSignatureLayer,
  type BundleVerifier,
  type KeylessTrust,
} from '../keyless/index.js';
import { MAX_SIGNATURE_LAYERS, missingAnnotations, type LayerChecks } from '../verify/index.js';
import type { SignatureOutcome } from './image-verdict.js';
import type { BundleSignature } from './signature-set.js';

const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

/** Which check a KEYLESS_* (or bundle) error code stands for, as a stable reason. */
const REASONS: Readonly<Record<string, { reason: string; checks: Partial<LayerChecks> }>> = {
  KEYLESS_LAYER_MALFORMED: { reason: 'signature-malformed', checks: {} },
  KEYLESS_SIGNATURE_INVALID: { reason: 'signature-invalid', checks: { signature: 'failed' } },
  KEYLESS_CERTIFICATE_UNTRUSTED: {
    reason: 'certificate-not-trusted',
    checks: { certificate: 'failed' },
  },
  KEYLESS_CERTIFICATE_EXPIRED: { reason: 'certificate-expired', checks: { certificate: 'failed' } },
  KEYLESS_TLOG_MISSING: { reason: 'tlog-missing', checks: { tlog: 'absent' } },
  KEYLESS_TLOG_INVALID: { reason: 'tlog-invalid', checks: { tlog: 'failed' } },
  KEYLESS_TIMESTAMP_INVALID: { reason: 'timestamp-invalid', checks: {} },
  KEYLESS_IDENTITY_MISMATCH: { reason: 'identity-mismatch', checks: { certificate: 'failed' } },
  CERTIFICATE_IDENTITY_MISMATCH: {
    reason: 'identity-mismatch',
    checks: { certificate: 'failed' },
  },
  SIGSTORE_BUNDLE_UNREADABLE: { reason: 'bundle-invalid', checks: {} },
  SIGSTORE_BUNDLE_UNVERIFIED: { reason: 'bundle-unverified', checks: {} },
};

const NOT_CHECKED: LayerChecks = {
  signature: 'not-checked',
  digest: 'not-checked',
  tlog: 'absent',
  certificate: 'not-checked',
};

const VERIFIED: LayerChecks = {
  signature: 'ok',
  digest: 'ok',
  tlog: 'verified',
  certificate: 'verified',
};

export interface KeylessContext {
  readonly trust: KeylessTrust;
  readonly annotations: Readonly<Record<string, string>>;
  readonly imageDigest: string;
}

export function keylessLegacyOutcomes(
  where: string,
  layers: readonly SignatureLayer[],
  context: KeylessContext,
): SignatureOutcome[] {
  return layers.slice(0, MAX_SIGNATURE_LAYERS).map((layer, index): SignatureOutcome => {
    const source = `${where} layer ${index + 1}`;
    if (layer.mediaType !== CosignMediaType.SimpleSigning) {
      return {
        layout: 'legacy',
        source,
        status: 'skipped',
        reason: 'not-a-cosign-signature',
        message: `${source}: media type ${JSON.stringify(layer.mediaType.slice(0, 100))} is not a cosign signature`,
        checks: { ...NOT_CHECKED, certificate: 'absent' },
      };
    }
    try {
      const verified = verifyKeylessSignatureLayer(layer, context.trust, {
        imageDigest: context.imageDigest,
        what: source,
      });
      const missing = missingAnnotations(context.annotations, verified.payload.optional);
      if (missing !== undefined) {
        return failed('legacy', source, 'annotation-mismatch', {
          message: `${source}: payload lacks the required annotation(s) ${missing}`,
        });
      }
      const rekor = layer.annotations[CosignAnnotation.Bundle];
      const logged = verified.logIndex !== undefined;
      return {
        layout: 'legacy',
        source,
        status: 'verified',
        reason: 'verified',
        message: `${source}: verified, signed by ${verified.subject} (issuer ${verified.issuer || '(none)'})`,
        checks: { ...VERIFIED, tlog: logged ? 'verified' : 'absent' },
        ...(logged
          ? {
              tlogEntry: {
                logIndex: verified.logIndex,
                integratedTime: Math.floor(verified.signingTime.getTime() / 1000),
                logId: logIdOf(rekor),
                inclusionProven: false,
              },
            }
          : {}),
        payload: jsonOf(layer.payload),
        ...(rekor === undefined || !logged ? {} : { rekorBundle: JSON.parse(rekor) as unknown }),
        certificate: {
          subject: verified.subject,
          issuer: verified.issuer,
          githubWorkflow: verified.githubWorkflow,
        },
      };
    } catch (error) {
      return failed('legacy', source, undefined, { error });
    }
  });
}

export function keylessBundleOutcome(
  bundle: BundleSignature,
  verify: BundleVerifier,
  context: KeylessContext,
): SignatureOutcome {
  const source = bundle.reference;
  const what = `bundle ${bundle.reference}`;
  if (bundle.problem !== undefined) {
    return failed('bundle', source, 'bundle-unreadable', { message: `${what}: ${bundle.problem}` });
  }
  try {
    const json = chainBundleAsLeaf(JSON.parse(new TextDecoder().decode(bundle.bytes)) as unknown);
    const digest = context.imageDigest.replace(/^sha256:/u, '');
    const result = verify(json, { kind: 'digest', sha256: Buffer.from(digest, 'hex') }, what);
    const statement = statementOf(json);
    if (result.content !== 'dsse' || statement?.predicateType !== SIGN_PREDICATE_TYPE) {
      return {
        layout: 'bundle',
        source,
        status: 'skipped',
        reason: 'not-a-sign-bundle',
        message: `${what}: verified, but it is not a cosign image signature (${SIGN_PREDICATE_TYPE})`,
        checks: VERIFIED,
      };
    }
    const subjectAnnotations = statement.subject?.[0]?.annotations ?? null;
    const missing = missingAnnotations(context.annotations, subjectAnnotations);
    if (missing !== undefined) {
      return failed('bundle', source, 'annotation-mismatch', {
        message: `${what}: the statement subject lacks the required annotation(s) ${missing}`,
      });
    }
    return {
      layout: 'bundle',
      source,
      status: 'verified',
      reason: 'verified',
      message: `${what}: verified, signed by ${result.identity ?? ''} (issuer ${result.issuer ?? '(none)'})`,
      checks: { ...VERIFIED, tlog: result.tlogEntries > 0 ? 'verified' : 'absent' },
      payload: statement,
      certificate: {
        subject: result.identity ?? '',
        issuer: result.issuer ?? '',
        githubWorkflow: result.githubWorkflow ?? {},
      },
    };
  } catch (error) {
    return failed('bundle', source, undefined, { error });
  }
}

function failed(
  layout: SignatureOutcome['layout'],
  source: string,
  reason: string | undefined,
  why: { error?: unknown; message?: string },
): SignatureOutcome {
  const known = isSignetError(why.error) ? REASONS[why.error.code] : undefined;
  return {
    layout,
    source,
    status: 'failed',
    reason: reason ?? known?.reason ?? 'signature-invalid',
    message: why.message ?? describeError(why.error),
    checks: { ...NOT_CHECKED, ...(known?.checks ?? {}) },
  };
}

interface SignStatement {
  readonly predicateType?: string;
  readonly subject?: readonly { readonly annotations?: Record<string, unknown> }[];
}

function statementOf(bundle: unknown): SignStatement | undefined {
  const payload = (bundle as { dsseEnvelope?: { payload?: unknown } }).dsseEnvelope?.payload;
  if (typeof payload !== 'string') return undefined;
  return jsonOf(Buffer.from(payload, 'base64')) as SignStatement | undefined;
}

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** The log that made the entry: read by the one annotation reader, already passed. */
function logIdOf(rekor: string | undefined): string {
  const read = readRekorBundleAnnotation(rekor ?? '');
  return read.ok ? read.bundle.logID : '';
}
