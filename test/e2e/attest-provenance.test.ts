// SLSA provenance v1 end to end: `signet provenance` from GitHub Actions, GitLab CI, a
// Tekton run and plain flags; `signet attest --provenance` and `verify-attestation --type
// slsaprovenance1` with slsa-verifier's checks. Provenance attested by real cosign is in
// attest-provenance-cosign.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { validateSlsaV1Provenance } from '../../src/signing/attest/index.js';

const PASSWORD = 'provenance password';
const run = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { SIGNET_PASSWORD: PASSWORD, ...env });
const COMMIT = 'a'.repeat(40);
const DIGEST = `sha256:${'b'.repeat(64)}`;

const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REPOSITORY_ID: '42',
  GITHUB_REPOSITORY_OWNER_ID: '7',
  GITHUB_SHA: COMMIT,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/build.yml@refs/heads/main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '1001',
  GITHUB_RUN_ATTEMPT: '2',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

const GITLAB = {
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example',
  CI_PROJECT_PATH: 'acme/app',
  CI_PROJECT_URL: 'https://gitlab.example/acme/app',
  CI_COMMIT_SHA: COMMIT,
  CI_COMMIT_REF_NAME: 'main',
  CI_JOB_NAME: 'build',
  CI_JOB_ID: '77',
  CI_JOB_URL: 'https://gitlab.example/acme/app/-/jobs/77',
  CI_PIPELINE_ID: '9',
  CI_RUNNER_ID: '3',
  CI_RUNNER_VERSION: '17.0.0',
  CI_JOB_STARTED_AT: '2026-01-02T03:04:05Z',
};

type Predicate = {
  buildDefinition: Record<string, unknown> & {
    resolvedDependencies?: { uri?: string; digest?: Record<string, string> }[];
  };
  runDetails: { builder: { id: string }; metadata?: Record<string, string> };
};

describe('signet provenance', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-provenance-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function provenance(args: string[], env: Record<string, string> = {}): Promise<Predicate> {
    const made = await run(
      ['provenance', '--subject', `registry.example/acme/app@${DIGEST}`, ...args],
      env,
    );
    assert.equal(made.code, 0, made.stderr);
    const predicate = JSON.parse(made.stdout) as Predicate;
    assert.deepEqual(validateSlsaV1Provenance(predicate), []);
    return predicate;
  }

  it('describes a GitHub Actions run', async () => {
    const p = await provenance([], GITHUB);
    assert.equal(p.buildDefinition.buildType, 'https://actions.github.io/buildtypes/workflow/v1');
    assert.deepEqual(p.buildDefinition.externalParameters, {
      workflow: {
        ref: 'refs/heads/main',
        repository: 'https://github.com/acme/app',
        path: '.github/workflows/build.yml',
      },
    });
    assert.deepEqual(p.buildDefinition.resolvedDependencies, [
      { uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { gitCommit: COMMIT } },
    ]);
    assert.equal(p.runDetails.builder.id, 'https://github.com/actions/runner/github-hosted');
    assert.equal(
      p.runDetails.metadata?.invocationId,
      'https://github.com/acme/app/actions/runs/1001/attempts/2',
    );
    assert.match(p.runDetails.metadata?.finishedOn ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('describes a GitLab CI job', async () => {
    const p = await provenance([], GITLAB);
    assert.equal(p.runDetails.builder.id, 'https://gitlab.example/acme/app/-/runners/3');
    assert.equal(p.runDetails.metadata?.startedOn, '2026-01-02T03:04:05Z');
    assert.equal(p.runDetails.metadata?.invocationId, 'https://gitlab.example/acme/app/-/jobs/77');
    assert.deepEqual(p.buildDefinition.resolvedDependencies?.[0]?.digest, { gitCommit: COMMIT });
  });

  it('describes a finished Tekton TaskRun', async () => {
    const run = {
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: { name: 'build-1', uid: 'uid-123' },
      spec: {
        params: [
          { name: 'CHAINS-GIT_URL', value: 'https://git.example/app' },
          { name: 'CHAINS-GIT_COMMIT', value: COMMIT },
        ],
      },
      status: {
        startTime: '2026-01-02T03:04:05Z',
        completionTime: '2026-01-02T03:06:05Z',
        steps: [{ name: 'build', imageID: `docker-pullable://golang@sha256:${'c'.repeat(64)}` }],
        results: [{ name: 'IMAGE_DIGEST', value: DIGEST }],
      },
    };
    await writeFile(join(dir, 'run.json'), JSON.stringify(run));
    const p = await provenance(['--tekton-run', join(dir, 'run.json')]);
    assert.equal(p.runDetails.builder.id, 'https://tekton.dev/chains/v2');
    assert.equal(p.runDetails.metadata?.invocationId, 'uid-123');
    assert.equal(p.runDetails.metadata?.finishedOn, '2026-01-02T03:06:05Z');
    assert.deepEqual(p.buildDefinition.resolvedDependencies, [
      { uri: 'oci://golang', digest: { sha256: 'c'.repeat(64) } },
      { uri: 'git+https://git.example/app', digest: { gitCommit: COMMIT } },
    ]);
  });

  it('describes any other build from flags, and the flags override the CI system', async () => {
    const p = await provenance(
      [
        '--builder-id',
        'https://ci.example/builder',
        '--source-uri',
        'https://git.example/app',
        '--source-digest',
        COMMIT,
        '--external-parameter',
        'target=release',
        '--invocation-id',
        'run-9',
        '--dependency',
        `oci://alpine@sha256:${'d'.repeat(64)}`,
      ],
      GITHUB,
    );
    assert.equal(p.runDetails.builder.id, 'https://ci.example/builder');
    assert.equal(
      (p.buildDefinition.externalParameters as Record<string, unknown>).target,
      'release',
    );
    assert.deepEqual(p.buildDefinition.resolvedDependencies?.[0], {
      uri: 'git+https://git.example/app',
      digest: { gitCommit: COMMIT },
    });
    assert.equal(p.buildDefinition.resolvedDependencies?.length, 3);
  });

  it('writes the whole statement with --statement', async () => {
    const made = await run([
      'provenance',
      '--statement',
      '--subject',
      `registry.example/acme/app@${DIGEST}`,
      '--builder-id',
      'https://ci.example/b',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const statement = JSON.parse(made.stdout) as { subject: unknown; predicateType: string };
    assert.equal(statement.predicateType, 'https://slsa.dev/provenance/v1');
    assert.deepEqual(statement.subject, [
      { name: 'registry.example/acme/app', digest: { sha256: 'b'.repeat(64) } },
    ]);
  });

  it('refuses to guess: no builder outside a CI system, a bad subject, a bad time, a bogus Tekton run', async () => {
    const bare = await run(['provenance', '--subject', `registry.example/acme/app@${DIGEST}`]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /PROVENANCE_INCOMPLETE.*registry\.example\/acme\/app.*--builder-id/);
    const tag = await run([
      'provenance',
      '--subject',
      'registry.example/acme/app:1.0',
      '--builder-id',
      'https://b.example',
    ]);
    assert.match(
      tag.stderr,
      /--subject "registry\.example\/acme\/app:1\.0" must be NAME@sha256:<hex>/,
    );
    const time = await run([
      'provenance',
      '--subject',
      `x@${DIGEST}`,
      '--builder-id',
      'https://b.example',
      '--started-on',
      'yesterday',
    ]);
    assert.match(
      time.stderr,
      /PREDICATE_INVALID.*predicate\.runDetails\.metadata\.startedOn must be an RFC 3339 timestamp/,
    );
    await writeFile(join(dir, 'bogus.json'), JSON.stringify({ kind: 'Pod' }));
    const bogus = await run([
      'provenance',
      '--subject',
      `x@${DIGEST}`,
      '--tekton-run',
      join(dir, 'bogus.json'),
    ]);
    assert.match(
      bogus.stderr,
      /the Tekton run .*bogus\.json: kind must be TaskRun or PipelineRun, got "Pod"/,
    );
  });
});

describe('attesting and checking provenance', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let dir: string;
  let counter = 0;
  const file = (name: string) => join(dir, name);
  async function fresh() {
    counter += 1;
    const ref = `${registry.host}/acme/app${counter}:1.0`;
    const { digest } = await pushImage(client, parseReference(ref), buildImage());
    return { ref, digest };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-provenance-attest-'));
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
    assert.equal((await run(['generate-key-pair', '--output-key-prefix', file('ci')])).code, 0);
  });
  after(async () => {
    await client.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  for (const layout of ['legacy', 'bundle']) {
    it(`attests provenance from the CI run and checks builder, source and build type (${layout})`, async () => {
      const { ref } = await fresh();
      const made = await run(
        ['attest', '--key', file('ci.key'), '--provenance', '--layout', layout, ref],
        GITHUB,
      );
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /Pushed attestation https:\/\/slsa\.dev\/provenance\/v1/);
      const verify = (extra: string[]) =>
        run([
          'verify-attestation',
          '--key',
          file('ci.pub'),
          '--type',
          'slsaprovenance1',
          ...extra,
          ref,
        ]);
      const ok = await verify([
        '--builder-id',
        'https://github.com/actions/runner/github-hosted',
        '--source-uri',
        'github.com/acme/app',
        '--source-digest',
        COMMIT,
        '--build-type',
        'https://actions.github.io/buildtypes/workflow/v1',
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      const cases: [string[], RegExp][] = [
        [
          ['--builder-id', 'https://evil.example'],
          /predicate\.runDetails\.builder\.id is "https:\/\/github\.com\/actions\/runner\/github-hosted", not "https:\/\/evil\.example"/,
        ],
        [
          ['--source-uri', 'github.com/acme/other'],
          /no predicate\.buildDefinition\.resolvedDependencies\[\]\.uri names the source "github\.com\/acme\/other"/,
        ],
        [
          ['--source-uri', 'github.com/acme/app', '--source-digest', 'f'.repeat(40)],
          /the source in predicate\.buildDefinition\.resolvedDependencies has no digest/,
        ],
        [
          ['--build-type', 'https://other.example/type'],
          /predicate\.buildDefinition\.buildType is "https:\/\/actions/,
        ],
      ];
      for (const [extra, message] of cases) {
        const refused = await verify(extra);
        assert.equal(refused.code, 12, extra.join(' '));
        assert.match(refused.stderr, message);
      }
    });
  }
});
