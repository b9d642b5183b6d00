/**
 * `TrustRoot.spec.sigstoreKeys`: certificate authorities (Fulcio), timestamp authorities,
 * Rekor logs and CT logs given directly (trustroot_validation.go SigstoreKeys.Validate).
 * Every field policy-controller requires is required; certificate chains and log keys,
 * base64 as Kubernetes encodes `[]byte`, must also parse. Every problem is reported.
 */
import { X509Certificate } from 'node:crypto';
import { decodeBase64 } from '../../core/base64.js';
import { describeError } from '../../core/errors.js';
import { parsePublicKey } from '../../core/keys/index.js';
import { parsePemBlocks } from '../../core/pem.js';
import type { FieldPath } from '../problems.js';
import type {
  CertificateAuthoritySpec,
  TransparencyLogSpec,
  TrustRootSpec,
} from '../trust-root-types.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  type ValidationContext,
} from './context.js';

export function validateSigstoreKeys(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): TrustRootSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, [
    'certificateAuthorities',
    'tLogs',
    'ctLogs',
    'timestampAuthorities',
  ]);
  const list = <T>(
    key: string,
    item: (v: unknown, p: FieldPath) => T | undefined,
  ): T[] | undefined => {
    if (body[key] === undefined || body[key] === null) return [];
    const items = readArray(ctx, body[key], [...path, key]);
    return items === undefined ? undefined : validateEach(items, [...path, key], item);
  };
  const cas = list('certificateAuthorities', (v, p) => authority(ctx, v, p, false));
  const tsas = list('timestampAuthorities', (v, p) => authority(ctx, v, p, true));
  const tLogs = list('tLogs', (v, p) => transparencyLog(ctx, v, p));
  const ctLogs = list('ctLogs', (v, p) => transparencyLog(ctx, v, p));
  if (cas?.length === 0 && tsas?.length === 0)
    return ctx.error(path, 'needs certificateAuthorities or timestampAuthorities');
  if (cas === undefined || tsas === undefined || tLogs === undefined || ctLogs === undefined)
    return undefined;
  return {
    kind: 'sigstoreKeys',
    certificateAuthorities: cas,
    tLogs,
    ctLogs,
    timestampAuthorities: tsas,
  };
}

function authority(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  timestamping: boolean,
): CertificateAuthoritySpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['subject', 'uri', 'certChain']);
  const subjectPath = [...path, 'subject'];
  const subject =
    body.subject === undefined
      ? ctx.error(subjectPath, 'is required')
      : readObject(ctx, body.subject, subjectPath);
  if (subject !== undefined) checkFields(ctx, subject, subjectPath, ['organization', 'commonName']);
  const organization = subject && readString(ctx, subject, 'organization', subjectPath, true);
  const commonName = subject && readString(ctx, subject, 'commonName', subjectPath, true);
  const uri = readString(ctx, body, 'uri', path, true);
  const encoded = readString(ctx, body, 'certChain', path, true);
  const bytes = encoded === undefined ? undefined : base64(ctx, encoded, [...path, 'certChain']);
  const certChainPem =
    bytes === undefined
      ? undefined
      : certificateChain(ctx, bytes, [...path, 'certChain'], timestamping);
  if (
    organization === undefined ||
    commonName === undefined ||
    uri === undefined ||
    certChainPem === undefined
  )
    return undefined;
  return { subject: { organization, commonName }, uri, certChainPem };
}

function certificateChain(
  ctx: ValidationContext,
  bytes: Uint8Array,
  path: FieldPath,
  timestamping: boolean,
): string | undefined {
  const pem = new TextDecoder().decode(bytes);
  try {
    const certificates = parsePemBlocks(pem, 'the certificate chain').map((block) => {
      if (block.type !== 'CERTIFICATE') throw new Error(`it holds a ${block.type} block`);
      return new X509Certificate(block.der);
    });
    // A TSA chain has at most one leaf, the timestamping certificate (ValidateTimeStampAuthority).
    if (timestamping && certificates.filter((c) => !c.ca).length > 1)
      return ctx.error(path, 'must contain at most one TSA certificate (non-CA)');
    return pem;
  } catch (error) {
    return ctx.error(path, `is not a base64 PEM certificate chain: ${describeError(error)}`);
  }
}

function transparencyLog(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): TransparencyLogSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['baseURL', 'hashAlgorithm', 'publicKey']);
  const baseURL = readString(ctx, body, 'baseURL', path, true);
  const hashAlgorithm = readString(ctx, body, 'hashAlgorithm', path, true);
  const encoded = readString(ctx, body, 'publicKey', path, true);
  const bytes = encoded === undefined ? undefined : base64(ctx, encoded, [...path, 'publicKey']);
  let publicKeyPem: string | undefined;
  if (bytes !== undefined) {
    publicKeyPem = new TextDecoder().decode(bytes);
    try {
      parsePublicKey(publicKeyPem, 'the log key');
    } catch (error) {
      publicKeyPem = ctx.error(
        [...path, 'publicKey'],
        `is not a base64 PEM public key: ${describeError(error)}`,
      );
    }
  }
  if (baseURL === undefined || hashAlgorithm === undefined || publicKeyPem === undefined)
    return undefined;
  return { baseURL, hashAlgorithm, publicKeyPem };
}

/** Go encodes `[]byte` fields as standard base64. */
export function base64(
  ctx: ValidationContext,
  text: string,
  path: FieldPath,
): Uint8Array | undefined {
  try {
    return decodeBase64(text, 'the value');
  } catch {
    return ctx.error(
      path,
      'must be base64 (Kubernetes encodes these bytes so): encode the PEM or JSON with base64 -w0',
    );
  }
}
