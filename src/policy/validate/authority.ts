/**
 * One `spec.authorities[]` entry: exactly one of key, keyless and static, plus where the
 * signatures live, in which layout (`signatureFormat`) and which attestations must hold
 * (clusterimagepolicy_validation.go Authority.Validate). Defaults as policy-controller:
 * name `authority-<index>`, signatureFormat `legacy`.
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { FieldPath } from '../problems.js';
import {
  SIGNATURE_FORMATS,
  type AttestationSpec,
  type AuthoritySpec,
  type SignatureFormat,
  type SignatureSourceSpec,
} from '../types.js';
import { validateAttestations } from './attestation.js';
import {
  checkFields,
  readObject,
  readString,
  type JsonObject,
  type ValidationContext,
} from './context.js';
import { validateKey } from './key.js';
import { validateKeyless, validateTimestamp, validateTlog } from './keyless.js';
import { validateSource } from './source.js';
import { validateNotationAuthority } from './notation.js';

const AUTHORITY_FIELDS = [
  'name',
  'key',
  'keyless',
  'static',
  'source',
  'attestations',
  'signatureFormat',
  'ctlog',
  'rfc3161timestamp',
  'notation',
];

/**
 * Refused beside a key: the key verifier does not check them, and ignoring one would accept
 * signatures that were never logged or timestamped. Keyless authorities use them: `ctlog`
 * names the Rekor logs and `rfc3161timestamp` the timestamp authorities they trust.
 */
const KEY_UNSUPPORTED = {
  ctlog:
    'transparency-log (Rekor) verification of key signatures is not implemented in the policy engine yet, and ignoring it would accept signatures that were never logged; remove ctlog to check signatures by key alone',
  rfc3161timestamp:
    'RFC 3161 timestamp verification of key signatures is not implemented yet; remove rfc3161timestamp to check signatures by key alone',
};

export function validateAuthority(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  index: number,
  environment: () => Environment,
): AuthoritySpec | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, AUTHORITY_FIELDS);
  const name = readString(ctx, entry, 'name', path) ?? `authority-${index}`;
  const kinds = (['key', 'keyless', 'static', 'notation'] as const).filter(
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
  const signatureFormat = readSignatureFormat(ctx, entry, path);
  const kind = kinds[0]!;
  if (kind === 'notation') return validateNotationAuthority(ctx, entry, path, name);
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
    const keyless = validateKeyless(ctx, entry.keyless, [...path, 'keyless']);
    const ctlog =
      entry.ctlog === undefined ? null : validateTlog(ctx, entry.ctlog, [...path, 'ctlog']);
    const timestamp =
      entry.rfc3161timestamp === undefined
        ? null
        : validateTimestamp(ctx, entry.rfc3161timestamp, [...path, 'rfc3161timestamp']);
    if (
      source === undefined ||
      attestations === undefined ||
      keyless === undefined ||
      signatureFormat === undefined ||
      ctlog === undefined ||
      timestamp === undefined
    )
      return undefined;
    if (attestations.length > 0 && signatureFormat === 'legacy') {
      // cosign's .att layers carry the certificate in annotations that the keyless
      // verifier does not read yet; refusing beats an authority that can never pass.
      return ctx.error(
        [...path, 'attestations'],
        'keyless attestations are verified in the bundle layout only (Sigstore bundles attached as referrers, as cosign v3 writes them); set signatureFormat: bundle, or check the signature alone',
      );
    }
    return {
      kind: 'keyless',
      name,
      source,
      signatureFormat,
      attestations,
      keyless,
      ...(ctlog === null ? {} : { ctlog }),
      ...(timestamp === null ? {} : { rfc3161timestamp: timestamp }),
    };
  }
  for (const [field, reason] of Object.entries(KEY_UNSUPPORTED)) {
    if (entry[field] !== undefined)
      ctx.error([...path, field], `is not supported by Signet: ${reason}`);
  }
  const key = validateKey(ctx, entry.key, [...path, 'key']);
  if (
    key === undefined ||
    source === undefined ||
    attestations === undefined ||
    signatureFormat === undefined
  )
    return undefined;
  return {
    kind: 'key',
    name,
    key: key.key,
    ...(key.hashAlgorithm === undefined ? {} : { hashAlgorithm: key.hashAlgorithm }),
    source,
    signatureFormat,
    attestations,
  };
}

function defaultSource(): SignatureSourceSpec {
  return { tagPrefix: '', pullSecrets: [] };
}

/**
 * `legacy` (the default, as policy-controller's) or `bundle`. policy-controller treats any
 * other text as legacy; Signet refuses it, so that a misspelt `bundle` does not silently
 * read the other layout.
 */
function readSignatureFormat(
  ctx: ValidationContext,
  entry: JsonObject,
  path: FieldPath,
): SignatureFormat | undefined {
  const text = readString(ctx, entry, 'signatureFormat', path);
  if (text === undefined) {
    const raw = entry.signatureFormat;
    return raw === undefined || raw === null || raw === '' ? 'legacy' : undefined; // else reported
  }
  const format = SIGNATURE_FORMATS.find((f) => f === text);
  if (format !== undefined) return format;
  return ctx.error(
    [...path, 'signatureFormat'],
    `"${text.slice(0, 60)}" is not a signature format; use legacy (cosign's .sig and .att tags, the default) or bundle (Sigstore bundles attached as referrers)`,
  );
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
