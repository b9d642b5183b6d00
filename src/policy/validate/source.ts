/**
 * `authorities[].source`: another repository holding the signatures (cosign's
 * COSIGN_REPOSITORY), pull secrets for it and a tag prefix. policy-controller allows one
 * source only (clusterimagepolicy_validation.go).
 */
import { parseReference } from '../../oci/reference/index.js';
import type { FieldPath } from '../problems.js';
import type { SignatureSourceSpec } from '../types.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  type ValidationContext,
} from './context.js';

/** A tag is at most 128 characters (OCI distribution spec); the prefix leaves room for `sha256-<64 hex>.sig`. */
const MAX_TAG_PREFIX = 128 - 75;
const TAG_PREFIX = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function validateSource(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): SignatureSourceSpec | undefined {
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  if (list.length === 0) return { tagPrefix: '', pullSecrets: [] };
  if (list.length > 1)
    return ctx.error(path, 'only one source is supported (as in policy-controller)');
  const entryPath = [...path, 0];
  const entry = readObject(ctx, list[0], entryPath);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, entryPath, ['oci', 'signaturePullSecrets', 'tagPrefix']);
  let failed = false;

  const oci = readString(ctx, entry, 'oci', entryPath);
  if (oci !== undefined && !isRepository(oci)) {
    ctx.error(
      [...entryPath, 'oci'],
      `"${oci.slice(0, 100)}" is not a repository: write registry/repository, without tag or digest`,
    );
    failed = true;
  }
  const tagPrefix = readString(ctx, entry, 'tagPrefix', entryPath) ?? '';
  if (tagPrefix !== '' && (tagPrefix.length > MAX_TAG_PREFIX || !TAG_PREFIX.test(tagPrefix))) {
    ctx.error(
      [...entryPath, 'tagPrefix'],
      `"${tagPrefix.slice(0, 60)}" cannot start a tag: use letters, digits, "_", "." and "-", at most ${MAX_TAG_PREFIX} characters`,
    );
    failed = true;
  }
  let pullSecrets: string[] | undefined = [];
  if (entry.signaturePullSecrets !== undefined) {
    const secretsPath = [...entryPath, 'signaturePullSecrets'];
    const secrets = readArray(ctx, entry.signaturePullSecrets, secretsPath);
    pullSecrets =
      secrets === undefined
        ? undefined
        : validateEach(secrets, secretsPath, (item, itemPath) => {
            const secret = readObject(ctx, item, itemPath);
            if (secret === undefined) return undefined;
            checkFields(ctx, secret, itemPath, ['name']);
            return readString(ctx, secret, 'name', itemPath, true);
          });
  }
  if (failed || pullSecrets === undefined) return undefined;
  return { ...(oci === undefined ? {} : { oci }), tagPrefix, pullSecrets };
}

function isRepository(text: string): boolean {
  if (text.includes('@') || text.includes(':', text.lastIndexOf('/') + 1)) return false;
  try {
    parseReference(text);
    return true;
  } catch {
    return false;
  }
}
