/**
 * Builds an SLSA Provenance v1.0 predicate (slsa.dev/spec/v1.0/provenance) from what a
 * CI system, a Tekton run or the command line told about a build. Empty optional parts
 * are left out, as the spec's JSON mapping writes them. Pure.
 */

export interface ResourceDescriptor {
  readonly uri?: string;
  readonly digest?: Readonly<Record<string, string>>;
  readonly name?: string;
  readonly mediaType?: string;
  readonly content?: string;
  readonly annotations?: Readonly<Record<string, unknown>>;
}

export interface ProvenanceInput {
  readonly buildType: string;
  readonly builderId: string;
  readonly builderVersion?: Readonly<Record<string, string>>;
  readonly externalParameters: Readonly<Record<string, unknown>>;
  readonly internalParameters?: Readonly<Record<string, unknown>>;
  readonly resolvedDependencies?: readonly ResourceDescriptor[];
  readonly invocationId?: string;
  /** RFC 3339. */
  readonly startedOn?: string;
  readonly finishedOn?: string;
  readonly byproducts?: readonly ResourceDescriptor[];
}

/** The generic build type of builds described by flags and environment variables. */
export const GENERIC_BUILD_TYPE = 'https://signet.dev/buildtypes/generic/v1';

export function buildProvenancePredicate(input: ProvenanceInput): Record<string, unknown> {
  const nonEmpty = <T>(list: readonly T[] | undefined) =>
    list !== undefined && list.length > 0 ? list : undefined;
  const metadata = strip({
    invocationId: input.invocationId,
    startedOn: input.startedOn,
    finishedOn: input.finishedOn,
  });
  return {
    buildDefinition: strip({
      buildType: input.buildType,
      externalParameters: input.externalParameters,
      internalParameters:
        input.internalParameters !== undefined && Object.keys(input.internalParameters).length > 0
          ? input.internalParameters
          : undefined,
      resolvedDependencies: nonEmpty(input.resolvedDependencies),
    }),
    runDetails: strip({
      builder: strip({ id: input.builderId, version: input.builderVersion }),
      metadata: Object.keys(metadata).length === 0 ? undefined : metadata,
      byproducts: nonEmpty(input.byproducts),
    }),
  };
}

/** A git source as SLSA's build types name it: `git+<url>@<ref>` with the commit as gitCommit. */
export function gitDependency(url: string, commit?: string, ref?: string): ResourceDescriptor {
  const base = url.startsWith('git+') ? url : `git+${url}`;
  return {
    uri: ref === undefined || ref === '' ? base : `${base}@${ref}`,
    ...(commit === undefined || commit === '' ? {} : { digest: { gitCommit: commit } }),
  };
}

function strip(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
