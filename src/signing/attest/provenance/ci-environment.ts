/**
 * What the CI system a command runs in says about the build, from its documented
 * environment variables: GitHub Actions ("Variables reference": GITHUB_*, RUNNER_*) and
 * GitLab CI ("Predefined CI/CD variables": CI_*). Each gives a build type, builder ID,
 * parameters, the source as a resolved dependency and the run's ID. Pure: the caller
 * passes the environment.
 */
import { gitDependency, type ProvenanceInput } from './predicate.js';

export type CiSystem = 'github' | 'gitlab';

/** GitHub's build type for Actions workflows (actions.github.io/buildtypes/workflow/v1). */
export const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

export function detectCi(env: NodeJS.ProcessEnv): CiSystem | undefined {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  return undefined;
}

export function provenanceFromCi(ci: CiSystem, env: NodeJS.ProcessEnv): Partial<ProvenanceInput> {
  return ci === 'github' ? fromGitHub(env) : fromGitLab(env);
}

function fromGitHub(env: NodeJS.ProcessEnv): Partial<ProvenanceInput> {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? '';
  const repoUrl = `${server}/${repository}`;
  // GITHUB_WORKFLOW_REF is "owner/repo/.github/workflows/build.yml@refs/heads/main".
  const workflowRef = env.GITHUB_WORKFLOW_REF ?? '';
  const at = workflowRef.indexOf('@');
  const path = at < 0 ? '' : workflowRef.slice(repository.length + 1, at);
  const hosted = (env.RUNNER_ENVIRONMENT ?? 'github-hosted') === 'github-hosted';
  return defined({
    buildType: GITHUB_BUILD_TYPE,
    builderId: `${server}/actions/runner/${hosted ? 'github-hosted' : 'self-hosted'}`,
    externalParameters: {
      workflow: defined({ ref: env.GITHUB_REF, repository: repoUrl, path: path || undefined }),
    },
    internalParameters: {
      github: defined({
        event_name: env.GITHUB_EVENT_NAME,
        repository_id: env.GITHUB_REPOSITORY_ID,
        repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID,
        runner_environment: env.RUNNER_ENVIRONMENT,
      }),
    },
    resolvedDependencies: [gitDependency(repoUrl, env.GITHUB_SHA, env.GITHUB_REF)],
    invocationId:
      env.GITHUB_RUN_ID === undefined
        ? undefined
        : `${repoUrl}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
  });
}

function fromGitLab(env: NodeJS.ProcessEnv): Partial<ProvenanceInput> {
  const server = env.CI_SERVER_URL ?? 'https://gitlab.com';
  const project = env.CI_PROJECT_URL ?? `${server}/${env.CI_PROJECT_PATH ?? ''}`;
  return defined({
    // GitLab Runner's own SLSA build type names its PROVENANCE.md at the runner version.
    buildType: `https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v${env.CI_RUNNER_VERSION ?? 'unknown'}/PROVENANCE.md`,
    builderId: `${server}/${env.CI_PROJECT_PATH ?? ''}/-/runners/${env.CI_RUNNER_ID ?? 'unknown'}`,
    externalParameters: defined({
      source: project,
      entryPoint: env.CI_JOB_NAME,
      ref: env.CI_COMMIT_REF_NAME,
      configPath: env.CI_CONFIG_PATH,
    }),
    internalParameters: defined({
      job: env.CI_JOB_ID,
      pipeline: env.CI_PIPELINE_ID,
      pipelineSource: env.CI_PIPELINE_SOURCE,
      runnerArchitecture: env.CI_RUNNER_EXECUTABLE_ARCH,
    }),
    resolvedDependencies: [gitDependency(project, env.CI_COMMIT_SHA, env.CI_COMMIT_REF_NAME)],
    invocationId: env.CI_JOB_URL,
    startedOn: env.CI_JOB_STARTED_AT,
  });
}

function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}
