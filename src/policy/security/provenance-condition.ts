/**
 * Turns a provenance criterion (builder IDs, source repositories, build types) into a CEL
 * condition over the verified SLSA provenance statement, so that provenance is checked by
 * the ClusterImagePolicy attestation engine: signed by a trusted authority, about this
 * image's digest, and saying what the criterion requires. Field locations follow the SLSA
 * specifications: v1 (slsa.dev/spec/v1.0/provenance) and v0.2 (slsa.dev/provenance/v0.2).
 */
import type { ProvenanceCriterion } from './types.js';

interface Fields {
  readonly builder: string;
  readonly buildType: string;
  /** A CEL predicate over the statement saying some source URI starts with `R` (a placeholder). */
  readonly source: (repository: string) => string;
}

const V1: Fields = {
  builder: 'predicate.runDetails.builder.id',
  buildType: 'predicate.buildDefinition.buildType',
  // v1 lists the source among resolvedDependencies (git URIs, often with a git+ prefix).
  source: (r) =>
    `predicate.buildDefinition.resolvedDependencies.exists(d, has(d.uri) && (d.uri.startsWith(${r}) || d.uri.startsWith("git+" + ${r})))`,
};

const V02: Fields = {
  builder: 'predicate.builder.id',
  buildType: 'predicate.buildType',
  source: (r) =>
    `(predicate.invocation.configSource.uri.startsWith(${r}) || predicate.invocation.configSource.uri.startsWith("git+" + ${r}))`,
};

/** A CEL string literal: JSON's escapes are a subset of CEL's. */
function literal(text: string): string {
  return JSON.stringify(text);
}

function anyOf(values: readonly string[], one: (value: string) => string): string {
  return `(${values.map(one).join(' || ')})`;
}

/** `true` when the criterion names nothing beyond a trusted signer. */
export function provenanceCondition(criterion: ProvenanceCriterion): string {
  const fields = criterion.predicateType.endsWith('/v0.2') ? V02 : V1;
  const parts: string[] = [];
  if (criterion.builderIds.length > 0)
    parts.push(anyOf(criterion.builderIds, (id) => `${fields.builder} == ${literal(id)}`));
  if (criterion.buildTypes.length > 0)
    parts.push(anyOf(criterion.buildTypes, (t) => `${fields.buildType} == ${literal(t)}`));
  if (criterion.sourceRepositories.length > 0)
    parts.push(anyOf(criterion.sourceRepositories, (r) => fields.source(literal(r))));
  return parts.length === 0 ? 'true' : parts.join(' && ');
}
