/** SLSA provenance v1 predicates from CI systems, Tekton runs, flags and environment. */
export {
  GENERIC_BUILD_TYPE,
  buildProvenancePredicate,
  gitDependency,
  type ProvenanceInput,
  type ResourceDescriptor,
} from './predicate.js';
export { GITHUB_BUILD_TYPE, detectCi, provenanceFromCi, type CiSystem } from './ci-environment.js';
export { TEKTON_BUILDER_ID, TEKTON_BUILD_TYPE, provenanceFromTektonRun } from './tekton-run.js';
