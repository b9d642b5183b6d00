/**
 * `authorities[].keyless`, `ctlog` and `rfc3161timestamp` as policy-controller validates
 * them (clusterimagepolicy_validation.go KeylessRef, Identity; _defaults.go): one of url
 * and ca-cert (url defaults to Fulcio's when neither is given), at least one identity,
 * each with an issuer or issuerRegExp and a subject or subjectRegExp, and regular
 * expressions that Go compiles. Every problem is recorded, none stops the others.
 */
import { compileGoRegExp } from '../../core/go-regexp.js';
import {
  DEFAULT_FULCIO_URL,
  type IdentitySpec,
  type KeylessSpec,
  type TimestampSpec,
  type TlogSpec,
} from '../keyless-types.js';
import type { FieldPath } from '../problems.js';
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
import { validateCaCert } from './ca-cert.js';

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
  if (ignoreSct !== undefined && ignoreSct !== null && typeof ignoreSct !== 'boolean') {
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
