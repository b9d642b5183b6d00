/**
 * `authorities[].keyless`, `ctlog` and `rfc3161timestamp` as policy-controller validates
 * them (clusterimagepolicy_validation.go KeylessRef, Identity; _defaults.go): one of url
 * and ca-cert (url defaults to Fulcio's when neither is given), at least one identity,
 * each with an issuer or issuerRegExp and a subject or subjectRegExp, and regular
 * expressions that Go compiles. Every problem is recorded, none stops the others.
 */
import { X509Certificate } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { parsePemBlocks } from '../../core/pem.js';
import { compileGoRegExp } from '../go-regexp.js';
import {
  DEFAULT_FULCIO_URL,
  type CaCertSpec,
  type IdentitySpec,
  type KeylessSpec,
  type TimestampSpec,
  type TlogSpec,
} from '../keyless-types.js';
import type { FieldPath } from '../problems.js';
import { POLICY_HASHES } from '../types.js';
import {
  checkFields,
  describe,
  readArray,
  readObject,
  readString,
  validateEach,
  type JsonObject,
  type ValidationContext,
} from './context.js';

const KEYLESS_FIELDS = ['url', 'identities', 'ca-cert', 'trustRootRef', 'insecureIgnoreSCT'];
const IDENTITY_FIELDS = ['issuer', 'subject', 'issuerRegExp', 'subjectRegExp'];

export function validateKeyless(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): KeylessSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, KEYLESS_FIELDS);
  let failed = false;
  const url = readUrl(ctx, body, 'url', path);
  const caCert = body['ca-cert'] === undefined ? undefined : validateCaCert(ctx, body, path);
  if (body.url !== undefined && body['ca-cert'] !== undefined) {
    ctx.error(path, 'has both url and ca-cert; give one (Fulcio by URL, or its CA certificates)');
    failed = true;
  }
  const trustRootRef = readString(ctx, body, 'trustRootRef', path);
  const ignoreSct = body.insecureIgnoreSCT;
  if (ignoreSct !== undefined && typeof ignoreSct !== 'boolean') {
    ctx.error([...path, 'insecureIgnoreSCT'], `must be true or false, not ${describe(ignoreSct)}`);
    failed = true;
  }
  const identities = validateIdentities(ctx, body.identities, [...path, 'identities']);
  if (failed || identities === undefined || url === null || caCert === null) return undefined;
  return {
    // policy-controller's defaulting webhook sets Fulcio's URL before validating.
    ...(caCert === undefined ? { url: url ?? DEFAULT_FULCIO_URL } : { caCert }),
    ...(trustRootRef === undefined ? {} : { trustRootRef }),
    insecureIgnoreSCT: ignoreSct === true,
    identities,
  };
}

export function validateTlog(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): TlogSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['url', 'trustRootRef']);
  const url = readUrl(ctx, body, 'url', path);
  const trustRootRef = readString(ctx, body, 'trustRootRef', path);
  if (url === null) return undefined;
  return {
    ...(url === undefined ? {} : { url }),
    ...(trustRootRef === undefined ? {} : { trustRootRef }),
  };
}

export function validateTimestamp(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): TimestampSpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['trustRootRef']);
  const trustRootRef = readString(ctx, body, 'trustRootRef', path);
  return trustRootRef === undefined ? {} : { trustRootRef };
}

/** The URL text; undefined when absent; null when invalid (reported). */
function readUrl(
  ctx: ValidationContext,
  body: JsonObject,
  key: string,
  path: FieldPath,
): string | null | undefined {
  const text = readString(ctx, body, key, path);
  if (text === undefined) return body[key] === undefined || body[key] === '' ? undefined : null;
  if (URL.canParse(text)) return text;
  ctx.error([...path, key], `"${text.slice(0, 100)}" is not an absolute URL (https://host/…)`);
  return null;
}

function validateIdentities(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): IdentitySpec[] | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0))
    return ctx.error(
      path,
      'is required: list who may sign (issuer and subject of the certificate)',
    );
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  return validateEach(list, path, (item, itemPath) => validateIdentity(ctx, item, itemPath));
}

function validateIdentity(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): IdentitySpec | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, IDENTITY_FIELDS);
  const issuer = matcher(ctx, body, path, 'issuer');
  const subject = matcher(ctx, body, path, 'subject');
  if (issuer === undefined || subject === undefined) return undefined;
  return { ...issuer, ...subject };
}

/** `issuer`/`issuerRegExp` (or subject's pair): exactly one, a regexp Go compiles. */
function matcher(
  ctx: ValidationContext,
  body: JsonObject,
  path: FieldPath,
  name: 'issuer' | 'subject',
): Record<string, string> | undefined {
  const regExpKey = `${name}RegExp`;
  const exact = readString(ctx, body, name, path);
  const pattern = readString(ctx, body, regExpKey, path);
  if (exact !== undefined && pattern !== undefined)
    return ctx.error(path, `has both ${name} and ${regExpKey}; give one`);
  if (pattern !== undefined) {
    const compiled = compileGoRegExp(pattern);
    if (!compiled.ok)
      return ctx.error([...path, regExpKey], `"${pattern.slice(0, 100)}" ${compiled.problem}`);
    return { [regExpKey]: pattern };
  }
  if (exact !== undefined) return { [name]: exact };
  if (body[name] !== undefined || body[regExpKey] !== undefined) return undefined; // reported
  return ctx.error(path, `needs ${name} or ${regExpKey}`);
}

/** The CaCertSpec; undefined when absent; null when invalid (reported). */
function validateCaCert(
  ctx: ValidationContext,
  keyless: JsonObject,
  keylessPath: FieldPath,
): CaCertSpec | null {
  const path = [...keylessPath, 'ca-cert'];
  const body = readObject(ctx, keyless['ca-cert'], path);
  if (body === undefined) return null;
  checkFields(ctx, body, path, ['data', 'secretRef', 'kms', 'hashAlgorithm']);
  const hash = readString(ctx, body, 'hashAlgorithm', path);
  if (hash !== undefined && !(POLICY_HASHES as readonly string[]).includes(hash)) {
    ctx.error(
      [...path, 'hashAlgorithm'],
      `"${hash}" is not supported; use one of ${POLICY_HASHES.join(', ')}`,
    );
  }
  const given = (['data', 'secretRef', 'kms'] as const).filter(
    (k) => body[k] !== undefined && body[k] !== '',
  );
  if (given.length !== 1) {
    ctx.error(
      path,
      given.length === 0
        ? 'needs exactly one of data, secretRef or kms'
        : `has ${given.join(' and ')}; give exactly one`,
    );
    return null;
  }
  switch (given[0]!) {
    case 'kms':
      ctx.error(
        [...path, 'kms'],
        'is not supported by Signet: KMS cannot hold CA certificates for Signet to fetch; put the PEM certificates in data or in a secret named by secretRef',
      );
      return null;
    case 'data': {
      const pem = readString(ctx, body, 'data', path);
      if (pem === undefined) return null;
      const problem = certificateProblem(pem);
      if (problem === undefined) return { kind: 'inline', pem };
      ctx.error([...path, 'data'], problem);
      return null;
    }
    case 'secretRef': {
      const refPath = [...path, 'secretRef'];
      const ref = readObject(ctx, body.secretRef, refPath);
      if (ref === undefined) return null;
      checkFields(ctx, ref, refPath, ['name', 'namespace']);
      readString(ctx, ref, 'namespace', refPath);
      const name = readString(ctx, ref, 'name', refPath, true);
      return name === undefined ? null : { kind: 'secret', secretName: name };
    }
  }
}

/** Undefined when `pem` holds only X.509 certificates that parse, else why not. */
function certificateProblem(pem: string): string | undefined {
  try {
    const blocks = parsePemBlocks(pem, 'the CA certificates');
    const other = blocks.find((b) => b.type !== 'CERTIFICATE');
    if (other !== undefined)
      return `holds a ${other.type} block; give the CA's PEM CERTIFICATE chain`;
    for (const block of blocks) new X509Certificate(block.der);
    return undefined;
  } catch (error) {
    return `is not a PEM certificate chain: ${describeError(error)}`;
  }
}
