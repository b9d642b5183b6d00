/**
 * The checks a user expects from slsa-verifier (`--builder-id`, `--source-uri`,
 * `--source-digest`, `--build-type`) over a verified SLSA provenance predicate, v1
 * (buildDefinition/runDetails) or v0.2 (builder/invocation.configSource/materials).
 * Source URIs are compared without scheme, `git+` prefix, `@ref` suffix and `.git`, so
 * `github.com/org/app` matches `git+https://github.com/org/app@refs/heads/main` as
 * slsa-verifier's `--source-uri` does. Pure; returns the first mismatch, naming the field.
 */
import { isRecord } from '../intoto/index.js';
import { SLSA_PROVENANCE_V1 } from './slsa-v1-schema.js';

export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';

export interface ProvenanceExpectations {
  readonly builderId?: string;
  readonly sourceUri?: string;
  /** `alg:hex` or bare hex (then any algorithm, as a git commit is written). */
  readonly sourceDigest?: string;
  readonly buildType?: string;
}

export function hasExpectations(e: ProvenanceExpectations): boolean {
  return Object.values(e).some((v) => v !== undefined);
}

interface ProvenanceFacts {
  readonly builderId: unknown;
  readonly buildType: unknown;
  readonly sources: readonly { uri: unknown; digest: unknown; field: string }[];
}

/** undefined when every expectation holds, else why not. */
export function checkProvenance(
  predicateType: string,
  predicate: unknown,
  expect: ProvenanceExpectations,
): string | undefined {
  const facts = factsOf(predicateType, predicate);
  if (facts === undefined)
    return `predicateType ${predicateType} is not SLSA provenance v0.2 or v1, which the provenance checks read`;
  const at = predicateType === SLSA_PROVENANCE_V1 ? 'runDetails.builder.id' : 'builder.id';
  if (expect.builderId !== undefined && facts.builderId !== expect.builderId)
    return `predicate.${at} is ${JSON.stringify(facts.builderId)}, not ${JSON.stringify(expect.builderId)}`;
  if (expect.buildType !== undefined && facts.buildType !== expect.buildType) {
    const field = predicateType === SLSA_PROVENANCE_V1 ? 'buildDefinition.buildType' : 'buildType';
    return `predicate.${field} is ${JSON.stringify(facts.buildType)}, not ${JSON.stringify(expect.buildType)}`;
  }
  if (expect.sourceUri === undefined && expect.sourceDigest === undefined) return undefined;
  const candidates = facts.sources.filter(
    (s) =>
      typeof s.uri === 'string' &&
      (expect.sourceUri === undefined ||
        normaliseSource(s.uri) === normaliseSource(expect.sourceUri)),
  );
  const field =
    predicateType === SLSA_PROVENANCE_V1 ? 'buildDefinition.resolvedDependencies' : 'materials';
  if (candidates.length === 0)
    return `no predicate.${field}[].uri names the source ${JSON.stringify(expect.sourceUri)}`;
  if (expect.sourceDigest === undefined) return undefined;
  if (candidates.some((s) => digestMatches(s.digest, expect.sourceDigest!))) return undefined;
  return `the source in predicate.${field} has no digest ${JSON.stringify(expect.sourceDigest)}`;
}

function factsOf(predicateType: string, predicate: unknown): ProvenanceFacts | undefined {
  if (!isRecord(predicate)) return undefined;
  const list = (value: unknown, field: string) =>
    (Array.isArray(value) ? value : [])
      .filter(isRecord)
      .map((d) => ({ uri: d.uri, digest: d.digest, field }));
  if (predicateType === SLSA_PROVENANCE_V1) {
    const build = isRecord(predicate.buildDefinition) ? predicate.buildDefinition : {};
    const run = isRecord(predicate.runDetails) ? predicate.runDetails : {};
    const builder = isRecord(run.builder) ? run.builder : {};
    return {
      builderId: builder.id,
      buildType: build.buildType,
      sources: list(build.resolvedDependencies, 'resolvedDependencies'),
    };
  }
  if (predicateType === SLSA_PROVENANCE_V02) {
    const builder = isRecord(predicate.builder) ? predicate.builder : {};
    const invocation = isRecord(predicate.invocation) ? predicate.invocation : {};
    const config = isRecord(invocation.configSource) ? [invocation.configSource] : [];
    return {
      builderId: builder.id,
      buildType: predicate.buildType,
      sources: [
        ...list(config, 'invocation.configSource'),
        ...list(predicate.materials, 'materials'),
      ],
    };
  }
  return undefined;
}

export function normaliseSource(uri: string): string {
  return (
    uri
      .replace(/^git\+/, '')
      .replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '')
      // The ref after the path's `@` may itself hold slashes (`@refs/heads/main`).
      .replace(/^([^/]*\/[^@]*)@.*$/, '$1')
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .toLowerCase()
  );
}

function digestMatches(digest: unknown, wanted: string): boolean {
  if (!isRecord(digest)) return false;
  const colon = wanted.indexOf(':');
  const [algorithm, hex] =
    colon < 0 ? [undefined, wanted] : [wanted.slice(0, colon), wanted.slice(colon + 1)];
  return Object.entries(digest).some(
    ([name, value]) =>
      (algorithm === undefined || name === algorithm) &&
      typeof value === 'string' &&
      value.toLowerCase() === hex.toLowerCase(),
  );
}
