/**
 * One `spec.authorities[]` entry: exactly one of key, keyless and static, plus where the
 * signatures live and which attestations must hold (clusterimagepolicy_validation.go
 * Authority.Validate). Defaults as policy-controller: name `authority-<index>`.
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { FieldPath } from '../problems.js';
import type { AttestationSpec, AuthoritySpec, SignatureSourceSpec } from '../types.js';
import { validateAttestations } from './attestation.js';
import {
  checkFields,
  readObject,
  readString,
  type JsonObject,
  type ValidationContext,
} from './context.js';
import { validateKey } from './key.js';
import { validateSource } from './source.js';

const AUTHORITY_FIELDS = [
  'name',
  'key',
  'keyless',
  'static',
  'source',
  'attestations',
  'signatureFormat',
];

const AUTHORITY_UNSUPPORTED = {
  ctlog:
    'transparency-log (Rekor) verification of signatures is not implemented in the policy engine yet, and ignoring it would accept signatures that were never logged; remove ctlog to check signatures by key alone',
  rfc3161timestamp:
    'RFC 3161 timestamp verification is not implemented yet; remove rfc3161timestamp to check signatures by key alone',
};

const KEYLESS_FIELDS = ['url', 'identities', 'ca-cert', 'trustRootRef', 'insecureIgnoreSCT'];

export function validateAuthority(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  index: number,
  environment: () => Environment,
): AuthoritySpec | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, AUTHORITY_FIELDS, AUTHORITY_UNSUPPORTED);
  const name = readString(ctx, entry, 'name', path) ?? `authority-${index}`;
  const kinds = (['key', 'keyless', 'static'] as const).filter(
    (k) => entry[k] !== undefined && entry[k] !== null,
  );
  if (kinds.length !== 1) {
    return ctx.error(
      path,
      kinds.length === 0
        ? 'needs exactly one of key, keyless or static'
        : `has ${kinds.join(' and ')}; give exactly one of key, keyless or static`,
    );
  }
  checkSignatureFormat(ctx, entry, path);
  const kind = kinds[0]!;
  if (kind === 'static') return validateStatic(ctx, entry, path, name);

  const source =
    entry.source === undefined
      ? defaultSource()
      : validateSource(ctx, entry.source, [...path, 'source']);
  const attestations: AttestationSpec[] | undefined =
    entry.attestations === undefined
      ? []
      : validateAttestations(ctx, entry.attestations, [...path, 'attestations'], environment);
  if (kind === 'keyless') {
    const keyless = readObject(ctx, entry.keyless, [...path, 'keyless']);
    if (keyless !== undefined) checkFields(ctx, keyless, [...path, 'keyless'], KEYLESS_FIELDS);
    if (source === undefined || attestations === undefined || keyless === undefined)
      return undefined;
    // Accepted so that policy-controller policies load, but it never passes: see evaluate.
    return { kind: 'keyless', name, source, attestations };
  }
  const key = validateKey(ctx, entry.key, [...path, 'key']);
  if (key === undefined || source === undefined || attestations === undefined) return undefined;
  return {
    kind: 'key',
    name,
    key: key.key,
    ...(key.hashAlgorithm === undefined ? {} : { hashAlgorithm: key.hashAlgorithm }),
    source,
    attestations,
  };
}

function defaultSource(): SignatureSourceSpec {
  return { tagPrefix: '', pullSecrets: [] };
}

function checkSignatureFormat(ctx: ValidationContext, entry: JsonObject, path: FieldPath): void {
  const format = readString(ctx, entry, 'signatureFormat', path);
  if (format === undefined || format === 'legacy') return;
  if (format === 'bundle') {
    ctx.error(
      [...path, 'signatureFormat'],
      'is not supported by Signet yet: Sigstore bundle referrers are not read by the policy engine; use legacy (cosign .sig/.att tags)',
    );
    return;
  }
  ctx.error([...path, 'signatureFormat'], `"${format}" is not a signature format; use legacy`);
}

function validateStatic(
  ctx: ValidationContext,
  entry: JsonObject,
  path: FieldPath,
  name: string,
): AuthoritySpec | undefined {
  // A static decision needs no evidence, so evidence fields make no sense beside it.
  for (const field of ['source', 'attestations', 'ctlog', 'rfc3161timestamp']) {
    if (entry[field] !== undefined) ctx.error([...path, field], 'cannot be combined with static');
  }
  const staticPath = [...path, 'static'];
  const body = readObject(ctx, entry.static, staticPath);
  if (body === undefined) return undefined;
  checkFields(ctx, body, staticPath, ['action', 'message']);
  const action = readString(ctx, body, 'action', staticPath, true);
  const message = readString(ctx, body, 'message', staticPath);
  if (action === undefined) return undefined;
  if (action !== 'pass' && action !== 'fail') {
    return ctx.error([...staticPath, 'action'], `"${action}" is not an action; use pass or fail`);
  }
  return { kind: 'static', name, action, ...(message === undefined ? {} : { message }) };
}
