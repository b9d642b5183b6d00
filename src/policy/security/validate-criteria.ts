/**
 * `spec.criteria`: each criterion describes a violation; a policy is violated when any of
 * its criteria is. Signature and provenance criteria take ClusterImagePolicy authorities,
 * validated by the same code as `spec.authorities` of that kind.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { SEVERITIES } from '../../signing/sbom/vulnerability.js';
import { resolvePredicateType } from '../predicate-types.js';
import type { FieldPath } from '../problems.js';
import type { AuthoritySpec } from '../types.js';
import { validateAuthority } from '../validate/authority.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateNamedList,
  type JsonObject,
  type ValidationContext,
} from '../validate/context.js';
import { readBoolean, readChoice, readNumber, readStringList } from './fields.js';
import type { ProvenanceCriterion, SecurityCriteria } from './types.js';

const CRITERIA = ['signature', 'vulnerabilities', 'provenance', 'sbom', 'image', 'transparencyLog'];
/** Ages and grace periods in days: ten years is beyond any real policy. */
const DAYS = { min: 0, max: 3650, integer: true };
const SLSA_V1 = 'https://slsa.dev/provenance/v1';

export function validateCriteria(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  environment: () => Environment,
): SecurityCriteria | undefined {
  if (value === undefined)
    return ctx.error(path, `is required: give one or more of ${CRITERIA.join(', ')}`);
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, CRITERIA);
  if (!CRITERIA.some((c) => body[c] !== undefined))
    return ctx.error(path, `is empty: give one or more of ${CRITERIA.join(', ')}`);
  const section = (key: string) =>
    body[key] === undefined ? null : readObject(ctx, body[key], [...path, key]);
  const out: SecurityCriteria = {};
  const writable = out as Record<string, unknown>;
  let failed = false;
  const keep = (key: string, read: unknown) => {
    if (read === undefined) failed = true;
    else if (read !== null) writable[key] = read;
  };
  const signature = section('signature');
  keep(
    'signature',
    signature === null || signature === undefined
      ? signature
      : readSignature(ctx, signature, [...path, 'signature'], environment),
  );
  const vulnerabilities = section('vulnerabilities');
  keep(
    'vulnerabilities',
    vulnerabilities === null || vulnerabilities === undefined
      ? vulnerabilities
      : readVulnerabilities(ctx, vulnerabilities, [...path, 'vulnerabilities'], environment),
  );
  const provenance = section('provenance');
  keep(
    'provenance',
    provenance === null || provenance === undefined
      ? provenance
      : readProvenance(ctx, provenance, [...path, 'provenance'], environment),
  );
  const sbom = section('sbom');
  keep('sbom', sbom === null || sbom === undefined ? sbom : readSbom(ctx, sbom, [...path, 'sbom']));
  const image = section('image');
  keep(
    'image',
    image === null || image === undefined ? image : readImage(ctx, image, [...path, 'image']),
  );
  const tlog = section('transparencyLog');
  keep(
    'transparencyLog',
    tlog === null || tlog === undefined
      ? tlog
      : readTlog(ctx, tlog, [...path, 'transparencyLog'], body.signature !== undefined),
  );
  return failed ? undefined : out;
}

function readAuthorities(
  ctx: ValidationContext,
  body: JsonObject,
  path: FieldPath,
  environment: () => Environment,
): AuthoritySpec[] | undefined {
  const at = [...path, 'authorities'];
  if (body.authorities === undefined)
    return ctx.error(at, 'is required: name who is trusted, as ClusterImagePolicy authorities');
  const list = readArray(ctx, body.authorities, at);
  if (list === undefined) return undefined;
  if (list.length === 0) return ctx.error(at, 'must list at least one authority');
  return validateNamedList(
    ctx,
    list,
    at,
    { item: 'authority', container: 'criterion' },
    (item, itemPath, i) => validateAuthority(ctx, item, itemPath, i, environment),
  );
}

function readSignature(
  ctx: ValidationContext,
  body: JsonObject,
  path: FieldPath,
  environment: () => Environment,
) {
  checkFields(ctx, body, path, ['authorities']);
  const authorities = readAuthorities(ctx, body, path, environment);
  return authorities === undefined ? undefined : { authorities };
}

function readVulnerabilities(
  ctx: ValidationContext,
  body: JsonObject,
  path: FieldPath,
  environment: () => Environment,
) {
  checkFields(ctx, body, path, [
    'severityAtLeast',
    'fixable',
    'cvssAtLeast',
    'ids',
    'publishedMoreThanDays',
    'authorities',
  ]);
  const severity = readChoice(
    ctx,
    body,
    'severityAtLeast',
    path,
    SEVERITIES.filter((s) => s !== 'unknown'),
  );
  const fixable = readBoolean(ctx, body, 'fixable', path, false);
  const cvss = readNumber(ctx, body, 'cvssAtLeast', path, { min: 0, max: 10 });
  const ids = readStringList(ctx, body, 'ids', path);
  const days = readNumber(ctx, body, 'publishedMoreThanDays', path, DAYS);
  const authorities =
    body.authorities === undefined ? [] : readAuthorities(ctx, body, path, environment);
  authorities?.forEach((a, i) => {
    const at = [...path, 'authorities', i];
    if (a.kind !== 'key')
      ctx.error(at, `is ${a.kind}; only key authorities can sign vulnerability attestations`);
    else if (a.attestations.length > 0)
      ctx.error(
        [...at, 'attestations'],
        'is set by the vulnerability criterion itself; remove it here',
      );
  });
  if (
    severity === undefined ||
    fixable === undefined ||
    cvss === undefined ||
    ids === undefined ||
    days === undefined ||
    authorities === undefined
  )
    return undefined;
  if (severity === null && cvss === null && ids.length === 0)
    return ctx.error(path, 'matches every finding; give severityAtLeast, cvssAtLeast or ids');
  return {
    fixable,
    ids,
    authorities,
    ...(severity === null ? {} : { severityAtLeast: severity }),
    ...(cvss === null ? {} : { cvssAtLeast: cvss }),
    ...(days === null ? {} : { publishedMoreThanDays: days }),
  };
}

function readProvenance(
  ctx: ValidationContext,
  body: JsonObject,
  path: FieldPath,
  environment: () => Environment,
): ProvenanceCriterion | undefined {
  checkFields(ctx, body, path, [
    'authorities',
    'predicateType',
    'builderIds',
    'sourceRepositories',
    'buildTypes',
  ]);
  const authorities = readAuthorities(ctx, body, path, environment);
  authorities?.forEach((a, i) => {
    if (a.kind === 'notation')
      ctx.error(
        [...path, 'authorities', i, 'notation'],
        'Notation signatures carry no attestations, so they cannot vouch for provenance; use a key or keyless authority',
      );
    if (a.kind !== 'static' && a.kind !== 'notation' && a.attestations.length > 0)
      ctx.error(
        [...path, 'authorities', i, 'attestations'],
        'is set by the provenance criterion itself; remove it here',
      );
  });
  const typeText = readString(ctx, body, 'predicateType', path) ?? SLSA_V1;
  const type = resolvePredicateType(typeText);
  if (!type.ok) ctx.error([...path, 'predicateType'], type.problem);
  else if (!type.uri.startsWith('https://slsa.dev/provenance/'))
    ctx.error(
      [...path, 'predicateType'],
      `"${typeText}" is not SLSA provenance (https://slsa.dev/provenance/v1 or v0.2)`,
    );
  const builderIds = readStringList(ctx, body, 'builderIds', path);
  const sourceRepositories = readStringList(ctx, body, 'sourceRepositories', path);
  const buildTypes = readStringList(ctx, body, 'buildTypes', path);
  if (
    authorities === undefined ||
    !type.ok ||
    builderIds === undefined ||
    sourceRepositories === undefined ||
    buildTypes === undefined
  )
    return undefined;
  return { authorities, predicateType: type.uri, builderIds, sourceRepositories, buildTypes };
}

function readSbom(ctx: ValidationContext, body: JsonObject, path: FieldPath) {
  checkFields(ctx, body, path, ['required', 'forbiddenPackages', 'forbiddenLicenses']);
  const required = readBoolean(ctx, body, 'required', path, false);
  const forbiddenPackages = readStringList(ctx, body, 'forbiddenPackages', path);
  const forbiddenLicenses = readStringList(ctx, body, 'forbiddenLicenses', path);
  if (required === undefined || forbiddenPackages === undefined || forbiddenLicenses === undefined)
    return undefined;
  if (!required && forbiddenPackages.length === 0 && forbiddenLicenses.length === 0)
    return ctx.error(
      path,
      'checks nothing; set required: true or list forbiddenPackages or forbiddenLicenses',
    );
  return { required, forbiddenPackages, forbiddenLicenses };
}

function readImage(ctx: ValidationContext, body: JsonObject, path: FieldPath) {
  checkFields(ctx, body, path, [
    'latestTag',
    'maxAgeDays',
    'registries',
    'requiredLabels',
    'runsAsRoot',
  ]);
  const latestTag = readBoolean(ctx, body, 'latestTag', path, false);
  const maxAgeDays = readNumber(ctx, body, 'maxAgeDays', path, DAYS);
  const registries = readStringList(ctx, body, 'registries', path);
  const requiredLabels = readStringList(ctx, body, 'requiredLabels', path);
  const runsAsRoot = readBoolean(ctx, body, 'runsAsRoot', path, false);
  if (
    latestTag === undefined ||
    maxAgeDays === undefined ||
    registries === undefined ||
    requiredLabels === undefined ||
    runsAsRoot === undefined
  )
    return undefined;
  if (
    !latestTag &&
    maxAgeDays === null &&
    registries.length === 0 &&
    requiredLabels.length === 0 &&
    !runsAsRoot
  )
    return ctx.error(
      path,
      'checks nothing; set latestTag, maxAgeDays, registries, requiredLabels or runsAsRoot',
    );
  return {
    latestTag,
    registries,
    requiredLabels,
    runsAsRoot,
    ...(maxAgeDays === null ? {} : { maxAgeDays }),
  };
}

/**
 * The entry required is that of the trusted signature, verified against a trusted log: an
 * entry's mere presence is an unsigned annotation anyone can add to any signature layer.
 */
function readTlog(ctx: ValidationContext, body: JsonObject, path: FieldPath, signed: boolean) {
  checkFields(ctx, body, path, ['entryRequired']);
  const entryRequired = readBoolean(ctx, body, 'entryRequired', path, true);
  if (entryRequired === true && !signed)
    return ctx.error(
      [...path, 'entryRequired'],
      'needs a signature criterion in the same policy: the entry required is that of the trusted signature',
    );
  return entryRequired === undefined ? undefined : { entryRequired };
}
