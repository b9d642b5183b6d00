/**
 * Validates a TrustRoot as policy-controller does (trustroot_validation.go, _defaults.go):
 * exactly one of sigstoreKeys, remote and repository; a TUF root that is JSON with
 * signatures; certificate authorities and logs with every field. Signet checks the trust
 * material itself too (certificate chains and log keys must parse), and, unlike
 * policy-controller, which keeps only the last authority's problems, reports them all.
 */
import { X509Certificate } from 'node:crypto';
import { decodeBase64 } from '../../core/base64.js';
import { describeError } from '../../core/errors.js';
import { parsePublicKey } from '../../core/keys/index.js';
import { parsePemBlocks } from '../../core/pem.js';
import type { FieldPath } from '../problems.js';
import {
  DEFAULT_TRUSTED_ROOT_TARGET,
  DEFAULT_TUF_TARGETS,
  TRUST_ROOT_API_VERSION,
  TRUST_ROOT_KIND,
  type CertificateAuthoritySpec,
  type TransparencyLogSpec,
  type TrustRootDocument,
  type TrustRootSpec,
} from '../trust-root-types.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  type JsonObject,
  type ValidationContext,
} from './context.js';
import { readName } from './document.js';

const SOURCES = ['sigstoreKeys', 'remote', 'repository'] as const;

/** The caller has checked `kind: TrustRoot`. */
export function validateTrustRoot(
  ctx: ValidationContext,
  root: JsonObject,
): TrustRootDocument | undefined {
  checkFields(ctx, root, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const apiVersion = readString(ctx, root, 'apiVersion', [], true);
  if (apiVersion !== undefined && apiVersion !== TRUST_ROOT_API_VERSION)
    ctx.error(
      ['apiVersion'],
      `"${apiVersion}" is not supported for a TrustRoot; use ${TRUST_ROOT_API_VERSION}`,
    );
  const name = readName(ctx, root.metadata);
  const body =
    root.spec === undefined
      ? ctx.error(['spec'], 'is required')
      : readObject(ctx, root.spec, ['spec']);
  if (body === undefined) return undefined;
  checkFields(ctx, body, ['spec'], [...SOURCES]);
  const given = SOURCES.filter((s) => body[s] !== undefined && body[s] !== null);
  if (given.length !== 1) {
    return ctx.error(
      ['spec'],
      given.length === 0
        ? 'needs one of sigstoreKeys, remote or repository'
        : `has ${given.join(' and ')}; give exactly one`,
    );
  }
  const source = given[0]!;
  const path = ['spec', source];
  const spec =
    source === 'sigstoreKeys'
      ? sigstoreKeys(ctx, body[source], path)
      : tuf(ctx, source, body[source], path);
  if (spec === undefined || name === undefined || apiVersion !== TRUST_ROOT_API_VERSION)
    return undefined;
  const at = ctx.position([]);
  return {
    apiVersion: TRUST_ROOT_API_VERSION,
    kind: TRUST_ROOT_KIND,
    name,
    origin: at === undefined ? ctx.source : `${ctx.source}:${at.line}`,
    spec,
  };
}

function tuf(
  ctx: ValidationContext,
  kind: 'remote' | 'repository',
  value: unknown,
  path: FieldPath,
): TrustRootSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  const location = kind === 'remote' ? 'mirror' : 'mirrorFS';
  checkFields(ctx, body, path, ['root', location, 'targets', 'trustedRootTarget']);
  const rootJson = tufRoot(ctx, body, path);
  const where = readString(ctx, body, location, path, true);
  let failed = where === undefined;
  if (where !== undefined && kind === 'remote' && !URL.canParse(where)) {
    ctx.error([...path, location], `"${where.slice(0, 100)}" is not an absolute URL`);
    failed = true;
  }
  if (where !== undefined && kind === 'repository')
    failed = base64(ctx, where, [...path, location]) === undefined;
  const targets = readString(ctx, body, 'targets', path) ?? DEFAULT_TUF_TARGETS;
  const trustedRootTarget =
    readString(ctx, body, 'trustedRootTarget', path) ?? DEFAULT_TRUSTED_ROOT_TARGET;
  if (failed || rootJson === undefined || where === undefined) return undefined;
  return kind === 'remote'
    ? { kind, rootJson, mirror: where, targets, trustedRootTarget }
    : { kind, rootJson, mirrorFsBase64: where, targets, trustedRootTarget };
}

/** The TUF root.json text: base64 of a JSON object with signatures (ValidateRoot). */
function tufRoot(ctx: ValidationContext, body: JsonObject, path: FieldPath): string | undefined {
  const encoded = readString(ctx, body, 'root', path, true);
  const bytes = encoded === undefined ? undefined : base64(ctx, encoded, [...path, 'root']);
  if (bytes === undefined) return undefined;
  const text = new TextDecoder().decode(bytes);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return ctx.error([...path, 'root'], `is not a TUF root.json: ${describeError(error)}`);
  }
  const signatures = (root as { signatures?: unknown } | null)?.signatures;
  if (signatures === undefined || signatures === null)
    return ctx.error([...path, 'root'], 'is not a TUF root.json: it has no signatures');
  return text;
}

function sigstoreKeys(
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
function base64(ctx: ValidationContext, text: string, path: FieldPath): Uint8Array | undefined {
  try {
    return decodeBase64(text, 'the value');
  } catch {
    return ctx.error(
      path,
      'must be base64 (Kubernetes encodes these bytes so): encode the PEM or JSON with base64 -w0',
    );
  }
}
