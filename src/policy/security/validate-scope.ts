/**
 * `spec.scope[]` and `spec.exclusions[]`: cluster, namespace, label selector and image
 * globs. Every field given in one entry must match (AND); entries are alternatives (OR).
 */
import { compileGlob } from '../glob.js';
import type { FieldPath } from '../problems.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  type ValidationContext,
} from '../validate/context.js';
import { validateSelector } from '../validate/match.js';
import { readStringList } from './fields.js';
import type { PolicyScope } from './types.js';

export function validateScopes(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): PolicyScope[] | undefined {
  if (value === undefined || value === null) return [];
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  return validateEach(list, path, (item, itemPath) => validateScope(ctx, item, itemPath));
}

function validateScope(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): PolicyScope | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, ['cluster', 'namespace', 'labels', 'images']);
  if (Object.keys(entry).length === 0)
    return ctx.error(path, 'is empty; give at least one of cluster, namespace, labels, images');
  const cluster = readString(ctx, entry, 'cluster', path);
  const namespace = readString(ctx, entry, 'namespace', path);
  const labels =
    entry.labels === undefined ? null : validateSelector(ctx, entry.labels, [...path, 'labels']);
  const images = readStringList(ctx, entry, 'images', path);
  let badGlob = false;
  images?.forEach((glob, i) => {
    const compiled = compileGlob(glob);
    if (!compiled.ok) {
      ctx.error([...path, 'images', i], `"${glob.slice(0, 100)}" is invalid: ${compiled.problem}`);
      badGlob = true;
    }
  });
  if (labels === undefined || images === undefined || badGlob) return undefined;
  return {
    ...(cluster === undefined ? {} : { cluster }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(labels === null ? {} : { labels }),
    images,
  };
}
