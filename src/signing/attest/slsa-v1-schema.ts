/**
 * Validation of SLSA Provenance v1 predicates (slsa.dev/spec/v1.0/provenance, "Schema"
 * and the in-toto ResourceDescriptor of attestation spec/v1/resource_descriptor.md),
 * written out rather than pulled from a JSON-schema library: the schema is small and the
 * checks must name the field at fault. Pure: used before signing and by the policy engine.
 * Unknown fields are allowed, as the spec's parsing rules require ("consumers MUST ignore
 * unrecognized fields").
 */
import { checkDigestSet, isRecord } from '../intoto/index.js';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

export interface SchemaProblem {
  /** Dotted path from the predicate, e.g. `predicate.runDetails.builder.id`. */
  readonly path: string;
  readonly problem: string;
}

/** Every problem at once (validation collects them all, as the conventions ask). */
export function validateSlsaV1Provenance(predicate: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const add = (path: string, problem: string) => problems.push({ path, problem });
  if (!isRecord(predicate)) {
    add('predicate', 'must be a JSON object');
    return problems;
  }
  const build = predicate.buildDefinition;
  if (!isRecord(build)) add('predicate.buildDefinition', 'is required and must be an object');
  else {
    const at = 'predicate.buildDefinition';
    uri(build.buildType, `${at}.buildType`, add, true);
    if (!isRecord(build.externalParameters))
      add(`${at}.externalParameters`, 'is required and must be an object');
    if (build.internalParameters !== undefined && !isRecord(build.internalParameters))
      add(`${at}.internalParameters`, 'must be an object');
    descriptors(build.resolvedDependencies, `${at}.resolvedDependencies`, add);
  }
  const run = predicate.runDetails;
  if (!isRecord(run)) add('predicate.runDetails', 'is required and must be an object');
  else {
    const at = 'predicate.runDetails';
    if (!isRecord(run.builder)) add(`${at}.builder`, 'is required and must be an object');
    else {
      uri(run.builder.id, `${at}.builder.id`, add, true);
      const version = run.builder.version;
      if (version !== undefined && !(isRecord(version) && Object.values(version).every(isString)))
        add(`${at}.builder.version`, 'must be an object of strings');
      descriptors(run.builder.builderDependencies, `${at}.builder.builderDependencies`, add);
    }
    if (run.metadata !== undefined) {
      if (!isRecord(run.metadata)) add(`${at}.metadata`, 'must be an object');
      else {
        const { invocationId, startedOn, finishedOn } = run.metadata;
        if (invocationId !== undefined && !isString(invocationId))
          add(`${at}.metadata.invocationId`, 'must be a string');
        timestamp(startedOn, `${at}.metadata.startedOn`, add);
        timestamp(finishedOn, `${at}.metadata.finishedOn`, add);
        if (
          isString(startedOn) &&
          isString(finishedOn) &&
          Date.parse(finishedOn) < Date.parse(startedOn)
        )
          add(`${at}.metadata.finishedOn`, 'is before startedOn');
      }
    }
    descriptors(run.byproducts, `${at}.byproducts`, add);
  }
  return problems;
}

type Add = (path: string, problem: string) => void;

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A URI with a scheme (RFC 3986 section 3.1); `required` refuses absence and "". */
function uri(value: unknown, path: string, add: Add, required: boolean): void {
  if (value === undefined && !required) return;
  if (!isString(value) || value === '') {
    add(path, required ? 'is required and must be a non-empty URI' : 'must be a URI');
    return;
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))
    add(path, `${JSON.stringify(value.slice(0, 100))} is not a URI`);
}

/** RFC 3339 date-time, as the spec's Timestamp type (protobuf JSON) is written. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function timestamp(value: unknown, path: string, add: Add): void {
  if (value === undefined) return;
  if (!isString(value) || !RFC3339.test(value) || Number.isNaN(Date.parse(value)))
    add(path, 'must be an RFC 3339 timestamp such as 2026-01-02T03:04:05Z');
}

/** ResourceDescriptor[]: each needs at least one of uri, digest, content. */
function descriptors(value: unknown, path: string, add: Add): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    add(path, 'must be an array of resource descriptors');
    return;
  }
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(entry)) {
      add(at, 'must be an object');
      return;
    }
    if (entry.uri === undefined && entry.digest === undefined && entry.content === undefined)
      add(at, 'needs at least one of uri, digest, content');
    uri(entry.uri, `${at}.uri`, add, false);
    if (entry.digest !== undefined) {
      const problem = checkDigestSet(entry.digest);
      if (problem !== undefined) add(`${at}.digest${problem.path}`, problem.problem);
    }
    for (const field of ['name', 'downloadLocation', 'mediaType', 'content'] as const)
      if (entry[field] !== undefined && !isString(entry[field]))
        add(`${at}.${field}`, 'must be a string');
    if (entry.annotations !== undefined && !isRecord(entry.annotations))
      add(`${at}.annotations`, 'must be an object');
  });
}
