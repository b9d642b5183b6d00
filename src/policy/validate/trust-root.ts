/**
 * Validates a TrustRoot as policy-controller does (trustroot_validation.go, _defaults.go):
 * exactly one of sigstoreKeys (sigstore-keys.ts), remote and repository; a TUF root that
 * is JSON with signatures; certificate authorities and logs with every field. Signet
 * checks the trust material itself too (certificate chains and log keys must parse), and,
 * unlike policy-controller, which keeps only the last authority's problems, reports all.
 */
import { describeError } from '../../core/errors.js';
import type { FieldPath } from '../problems.js';
import {
  DEFAULT_TRUSTED_ROOT_TARGET,
  DEFAULT_TUF_TARGETS,
  TRUST_ROOT_API_VERSION,
  TRUST_ROOT_KIND,
  type TrustRootDocument,
  type TrustRootSpec,
} from '../trust-root-types.js';
import {
  checkFields,
  readObject,
  readString,
  type JsonObject,
  type ValidationContext,
} from './context.js';
import { readName } from './document.js';
import { base64, validateSigstoreKeys } from './sigstore-keys.js';

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
      ? validateSigstoreKeys(ctx, body[source], path)
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
