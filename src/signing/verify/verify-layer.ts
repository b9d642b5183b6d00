/**
 * Decides one signature layer (cosign specs/SIGNATURE_SPEC.md; pkg/cosign/verify.go):
 * authenticate the payload bytes first, then read them, then compare what they claim.
 * Every field of the layer is attacker-controlled until the signature check passes.
 */
import { decodeBase64 } from '../../core/base64.js';
import { publicKeyFromCertificate, type PublicKey } from '../../core/keys/index.js';
import { describeError } from '../../core/errors.js';
import {
  CosignAnnotation,
  CosignMediaType,
  COSIGN_SIGNATURE_TYPE,
  type SignatureLayer,
} from '../cosign/signature-layer.js';
import { parseSimpleSigningPayload, type SimpleSigningPayload } from '../cosign/simple-signing.js';
import { findSigningKey, verifyCosignSignature } from './cosign-signature.js';
import type { LayerChecks, LayerReason, LayerResult } from './result.js';
import { verifyRekorBundleAnnotation } from './rekor-bundle.js';
import { factsOf, type CompiledTlogTrust } from './tlog-trust.js';

export interface LayerContext {
  readonly keys: readonly PublicKey[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly imageDigest: string;
  readonly dockerReference?: string;
  /** Absent: log entries are reported `not-checked`, and none is required. */
  readonly tlog?: CompiledTlogTrust;
}

export function verifyLayer(
  layer: SignatureLayer,
  index: number,
  context: LayerContext,
): LayerResult {
  const name = `signature layer ${index + 1}`;
  const certificate = layer.annotations[CosignAnnotation.Certificate];
  let checks: LayerChecks = {
    signature: 'not-checked',
    digest: 'not-checked',
    tlog: layer.annotations[CosignAnnotation.Bundle] === undefined ? 'absent' : 'not-checked',
    certificate: certificate === undefined ? 'absent' : 'not-checked',
  };
  const end = (
    status: LayerResult['status'],
    reason: LayerReason,
    message: string,
    extra: Partial<LayerResult> = {},
  ): LayerResult => ({
    index,
    status,
    reason,
    message: `${name}: ${message}`,
    checks,
    ...extra,
  });

  if (layer.mediaType !== CosignMediaType.SimpleSigning) {
    return end(
      'skipped',
      'not-a-cosign-signature',
      `media type ${JSON.stringify(layer.mediaType.slice(0, 100))} is not a cosign signature`,
    );
  }
  const encoded = layer.annotations[CosignAnnotation.Signature];
  if (encoded === undefined || encoded === '') {
    return end('failed', 'signature-missing', `has no ${CosignAnnotation.Signature} annotation`);
  }
  let signature: Uint8Array;
  try {
    signature = decodeBase64(encoded, `${name} signature`);
  } catch {
    return end('failed', 'signature-malformed', 'the signature annotation is not base64');
  }

  // Which key authenticates the payload: a trusted key when the verifier has any (a
  // certificate on the layer is then ignored, as `cosign verify --key` does); otherwise
  // the certificate's key, which proves only that whoever holds that certificate signed.
  let signer: PublicKey | undefined;
  let trusted: boolean;
  if (context.keys.length > 0) {
    signer = findSigningKey(context.keys, layer.payload, signature);
    trusted = true;
  } else if (certificate !== undefined) {
    try {
      signer = publicKeyFromCertificate(certificate, `${name} certificate`);
    } catch (error) {
      return end(
        'failed',
        'certificate-invalid',
        `the attached certificate is unusable: ${describeError(error)}`,
      );
    }
    if (!verifyCosignSignature(signer, layer.payload, signature)) signer = undefined;
    trusted = false;
  } else {
    return end(
      'failed',
      'no-trusted-key',
      'no trusted key is configured and the layer carries no certificate',
    );
  }
  checks = { ...checks, signature: signer === undefined ? 'failed' : 'ok' };
  if (signer === undefined) {
    return end(
      'failed',
      'signature-invalid',
      trusted
        ? 'the signature does not verify with any trusted key'
        : 'the signature does not verify with the attached certificate',
    );
  }
  const keyId = signer.keyId;

  let payload: SimpleSigningPayload;
  try {
    payload = parseSimpleSigningPayload(layer.payload, name);
  } catch (error) {
    return end('failed', 'payload-invalid', describeError(error).replace(`${name}: `, ''), {
      keyId,
    });
  }
  if (payload.type !== COSIGN_SIGNATURE_TYPE) {
    return end(
      'failed',
      'payload-type-unknown',
      `payload type ${JSON.stringify(payload.type.slice(0, 100))} is not "${COSIGN_SIGNATURE_TYPE}"`,
      {
        keyId,
        payload,
      },
    );
  }
  const digestOk = payload.manifestDigest === context.imageDigest;
  checks = { ...checks, digest: digestOk ? 'ok' : 'mismatch' };
  if (!digestOk) {
    return end(
      'failed',
      'digest-mismatch',
      `signs ${payload.manifestDigest}, not the image digest ${context.imageDigest}`,
      { keyId, payload },
    );
  }
  if (
    context.dockerReference !== undefined &&
    repositoryPart(payload.dockerReference) !== repositoryPart(context.dockerReference)
  ) {
    return end(
      'failed',
      'identity-mismatch',
      `signs identity "${payload.dockerReference}", not "${context.dockerReference}"`,
      { keyId, payload },
    );
  }
  const missing = missingAnnotations(context.annotations, payload.optional);
  if (missing !== undefined) {
    return end(
      'failed',
      'annotation-mismatch',
      `payload lacks the required annotation(s) ${missing}`,
      { keyId, payload },
    );
  }
  const logged = checkLogEntry(layer, context, { payload: layer.payload, signature, signer });
  if (logged !== undefined) {
    checks = { ...checks, tlog: logged.tlog };
    if (logged.failure !== undefined) {
      return end('failed', logged.failure.reason, logged.failure.message, { keyId, payload });
    }
  }
  const tlogEntry = logged?.facts;
  if (!trusted) {
    return end(
      'failed',
      'certificate-not-trusted',
      'the signature verifies with the attached certificate, but no trusted key is configured; verify keyless signatures with --certificate-identity and --certificate-oidc-issuer',
      { keyId, payload },
    );
  }
  return end('verified', 'verified', `verified with key ${keyId.slice(0, 16)}…`, {
    keyId,
    payload,
    ...(tlogEntry === undefined ? {} : { tlogEntry }),
  });
}

interface LogCheck {
  readonly tlog: LayerChecks['tlog'];
  readonly facts?: ReturnType<typeof factsOf>;
  readonly failure?: { reason: LayerReason; message: string };
}

/**
 * The layer's Rekor bundle against the trusted log keys, once the signature is known to
 * be good (the bundle must log exactly this signature). Undefined without log trust.
 */
function checkLogEntry(
  layer: SignatureLayer,
  context: LayerContext,
  evidence: { payload: Uint8Array; signature: Uint8Array; signer: PublicKey },
): LogCheck | undefined {
  if (context.tlog === undefined) return undefined;
  const annotation = layer.annotations[CosignAnnotation.Bundle];
  if (annotation === undefined) {
    return context.tlog.required
      ? {
          tlog: 'absent',
          failure: {
            reason: 'tlog-missing',
            message: `carries no transparency-log entry (${CosignAnnotation.Bundle}), and one is required`,
          },
        }
      : { tlog: 'absent' };
  }
  const outcome = verifyRekorBundleAnnotation(annotation, evidence, context.tlog);
  if (!outcome.ok) {
    return {
      tlog: 'failed',
      failure: {
        reason: 'tlog-invalid',
        message: `its transparency-log entry does not verify: ${outcome.message}`,
      },
    };
  }
  return { tlog: 'verified', facts: factsOf(outcome) };
}

/**
 * `k=v, …` for each required annotation (`cosign verify -a`) that `signed` lacks or holds
 * with another value, compared as exact strings; undefined when all are there. Shared by
 * the legacy payload's `optional` and a bundle statement subject's `annotations`.
 */
export function missingAnnotations(
  required: Readonly<Record<string, string>>,
  signed: Readonly<Record<string, unknown>> | null,
): string | undefined {
  const missing = Object.entries(required).filter(([k, v]) => signed?.[k] !== v);
  return missing.length === 0 ? undefined : missing.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** `host/repo:tag@sha256:…` → `host/repo`; cosign writes the repository only, containers/image may add a tag. */
function repositoryPart(reference: string): string {
  const withoutDigest = reference.split('@')[0] as string;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
