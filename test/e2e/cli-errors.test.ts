// What a user sees when a command line or a file is wrong: one error code per failure
// whatever the command, the documented exit code, JSON errors with --output json, and
// suggestions for mistyped commands. Registries that refuse or are slow: cli-registry-errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../../src/testing/run-cli.js';

interface JsonError {
  error: { code: string; category: string; message: string; details?: Record<string, unknown> };
}

function jsonError(run: CliRun): JsonError['error'] {
  return (JSON.parse(run.stderr) as JsonError).error;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-cli-errors-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const webhookArgs = [
  'serve',
  'webhook',
  '--policy',
  'examples/policies',
  '--tls-cert',
  'c',
  '--tls-key',
  'k',
];

describe('malformed flag values (numbers, durations, levels)', () => {
  const cases = [
    ['image', 'digest', '--timeout', 'abc', '127.0.0.1:1/app:1'],
    ['image', 'tree', '--timeout', '-5', '127.0.0.1:1/app:1'],
    ['policy', 'test', '--policy', 'examples/policies', '--timeout', '1e3', '127.0.0.1:1/app:1'],
    ['gpg', 'verify', '--keyring', 'k.gpg', '--timeout', '30 s', '127.0.0.1:1/app:1'],
    [...webhookArgs, '--timeout', '40s'],
    [...webhookArgs, '--cache-size', 'many'],
    [...webhookArgs, '--cache-ttl', 'soon'],
    [...webhookArgs, '--log-level', 'loud'],
    ['gpg', 'sign', '--gpg-key', 'k', '--upload-token-file', 't', '--upload', 'no', 'x/y:1'],
    ['certs', '--out', 'unused', '--days', 'ten'],
  ];
  for (const args of cases) {
    const flag = args.find((word, i) => word.startsWith('--') && i >= args.length - 3)!;
    it(`are a usage error naming the flag: ${args.slice(0, 2).join(' ')} ${flag}`, async () => {
      const run = await runCli(args, { HOME: dir });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`error \\[CLI_USAGE\\]: ${flag} must be`));
      assert.equal(run.stdout, '');
    });
  }

  it('accepts a registry timeout given as a duration', async () => {
    const run = await runCli([
      'image',
      'digest',
      '--timeout',
      '500ms',
      '127.0.0.1:1/app@sha256:' + 'a'.repeat(64),
    ]);
    assert.equal(run.code, 0, run.stderr);
  });
});

describe('files named on the command line that cannot be read', () => {
  const image = '127.0.0.1:1/app:1';
  const missing = () => join(dir, 'missing.pem');
  const cases: [string, () => string[]][] = [
    ['--ca-file', () => ['image', 'digest', '--ca-file', missing(), image]],
    ['--pull-secret', () => ['image', 'inspect', '--pull-secret', missing(), image]],
    ['--docker-config', () => ['image', 'tree', '--docker-config', missing(), image]],
    [
      '--key-secret',
      () => [
        'policy',
        'test',
        '--policy',
        'examples/policies',
        '--key-secret',
        `ci=${missing()}`,
        image,
      ],
    ],
    ['--keyring', () => ['gpg', 'verify', '--keyring', missing(), image]],
    ['--gpg-key', () => ['gpg', 'sign', '--gpg-key', missing(), '--lookaside', dir, image]],
  ];
  for (const [flag, args] of cases) {
    it(`are CLI_FILE_UNREADABLE, exit 3, naming the file: ${flag}`, async () => {
      const run = await runCli(args(), { HOME: dir });
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /error \[CLI_FILE_UNREADABLE\]: cannot read .*missing\.pem: it does not exist/,
      );
    });
  }

  it('are exit 3 too when they are policies, read by the policy loaders', async () => {
    for (const args of [
      ['policy-json', 'check', '--policy', missing(), image],
      ['policy', 'test', '--policy', missing(), image],
    ]) {
      const run = await runCli(args, { HOME: dir });
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /error \[POLICY_(JSON|FILE)_UNREADABLE\]: .*missing\.pem/);
    }
  });

  it('a missing cosign key file is the same error as a missing GPG key', async () => {
    for (const args of [
      ['verify', '--key', missing(), image],
      ['sign', '--key', missing(), image],
      ['public-key', '--key', missing()],
    ]) {
      const run = await runCli(args, { HOME: dir });
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /error \[CLI_FILE_UNREADABLE\]: cannot read the key file .*missing\.pem: it does not exist/,
      );
    }
  });
});

describe('k8s:// keys without a usable Kubernetes configuration', () => {
  const ref = 'k8s://signing/cosign';
  const commands = [
    ['verify', '--key', ref, '127.0.0.1:1/app:1'],
    ['sign', '--key', ref, '127.0.0.1:1/app:1'],
    ['public-key', '--key', ref],
    // Before asking for a password: none is available here, which would be exit 2.
    ['generate-key-pair', ref],
  ];

  it('say that no configuration was found, exit 3', async () => {
    for (const args of commands) {
      const run = await runCli(args, { HOME: dir });
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.match(
        run.stderr,
        /error \[CLI_KUBECONFIG_INVALID\]: no Kubernetes configuration found/,
      );
    }
  });

  it('name a missing $KUBECONFIG file, exit 3', async () => {
    for (const args of commands) {
      const run = await runCli(args, { HOME: dir, KUBECONFIG: join(dir, 'no-kubeconfig') });
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.match(
        run.stderr,
        /error \[CLI_FILE_UNREADABLE\]: cannot read the kubeconfig .*no-kubeconfig: it does not exist/,
      );
    }
  });

  it('say where a malformed kubeconfig is wrong', async () => {
    const file = join(dir, 'bad-kubeconfig-keys');
    await writeFile(file, 'apiVersion: v1\nclusters: [\n');
    const run = await runCli(commands[0]!, { HOME: dir, KUBECONFIG: file });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /error \[CLI_KUBECONFIG_INVALID\]: .*bad-kubeconfig-keys.*not valid YAML/,
    );
  });
});

describe('sign flags that belong to the other signing method', () => {
  const image = '127.0.0.1:1/app:1';

  it('GPG-only flags with --key are a usage error naming the flag', async () => {
    for (const [flag, ...value] of [
      ['--allow-insecure-token'],
      ['--upload-token-file', 'token'],
      ['--lookaside', dir],
    ]) {
      const run = await runCli(['sign', '--key', 'cosign.key', flag!, ...value, image], {
        HOME: dir,
      });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`error \\[CLI_USAGE\\]: ${flag} applies only to GPG`));
    }
  });

  it('log credentials with --gpg-key, or without a log, are a usage error naming the flag', async () => {
    const gpg = await runCli(
      ['sign', '--gpg-key', 'k.gpg', '--tlog-write-token-file', 'token', image],
      { HOME: dir },
    );
    assert.equal(gpg.code, 2, gpg.stderr);
    assert.match(gpg.stderr, /--tlog-write-token-file applies only to --key/);
    const noLog = await runCli(['sign', '--key', 'cosign.key', '--tlog-ca-file', 'ca.pem', image], {
      HOME: dir,
    });
    assert.equal(noLog.code, 2, noLog.stderr);
    assert.match(noLog.stderr, /--tlog-ca-file needs a transparency log to write to/);
  });
});

describe('the Kubernetes configuration of serve webhook', () => {
  const cluster = [...webhookArgs, '--kubernetes', 'cluster', '--database', 'none'];

  it('names a missing $KUBECONFIG file, exit 3', async () => {
    const run = await runCli(cluster, { KUBECONFIG: join(dir, 'no-kubeconfig') });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /error \[CLI_FILE_UNREADABLE\]: cannot read the kubeconfig .*no-kubeconfig: it does not exist/,
    );
  });

  it('says where a malformed kubeconfig is wrong without printing its secrets', async () => {
    const file = join(dir, 'bad-kubeconfig');
    await writeFile(
      file,
      'apiVersion: v1\nusers:\n- name: ci\n  user:\n    token: s3cr3t-token\n   bad: [\n',
    );
    const run = await runCli(cluster, { KUBECONFIG: file });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /error \[CLI_KUBECONFIG_INVALID\]: .*bad-kubeconfig.*not valid YAML .*line 6/,
    );
    assert.doesNotMatch(run.stderr, /s3cr3t/);
  });

  it('says that no configuration was found outside a cluster', async () => {
    const run = await runCli(cluster, { HOME: dir });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /error \[CLI_KUBECONFIG_INVALID\]: no Kubernetes configuration found: set KUBECONFIG/,
    );
  });
});

describe("commander's parse errors", () => {
  const cases = [
    ['unknown option', ['image', 'digest', '--bogus', 'x/y:1'], /unknown option '--bogus'/],
    ['missing argument', ['image', 'digest'], /missing required argument 'image'/],
    [
      'missing option value',
      ['image', 'digest', 'x/y:1', '--timeout'],
      /option '--timeout <duration>' argument missing/,
    ],
    ['missing mandatory option', ['certs'], /required option '--out <dir>' not specified/],
  ] as const;
  for (const [what, args, message] of cases) {
    it(`print an ${what} as CLI_USAGE, exit 2, in text`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^error \[CLI_USAGE\]: signet [a-z ]+: /);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });

    it(`print an ${what} as a JSON error with --output json`, async () => {
      // After the command words: an option missing its value would take `-o` as the value.
      const words = args[0] === 'image' ? 2 : 1;
      const run = await runCli([...args.slice(0, words), '-o', 'json', ...args.slice(words)]);
      assert.equal(run.code, 2);
      const error = jsonError(run);
      assert.equal(error.code, 'CLI_USAGE');
      assert.equal(error.category, 'usage');
      assert.match(error.message, message);
      assert.equal(run.stdout, '');
    });
  }

  it("folds commander's option suggestion into the message", async () => {
    const run = await runCli(['image', 'digest', '--outptu', 'json', 'x/y:1']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--outptu' \(did you mean --output\?\)/);
  });
});

describe('unknown commands', () => {
  it('suggest a command of that name deeper in the tree', async () => {
    const run = await runCli(['tree', 'x/y:1']);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /error \[CLI_USAGE\]: unknown command 'tree' .*did you mean `signet image tree`\?/,
    );
  });

  it('suggest the closest subcommand of a group, and across groups', async () => {
    const typo = await runCli(['image', 'tre', 'x/y:1']);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /unknown command 'tre' for `signet image`; did you mean `signet image tree`\?/,
    );
    const elsewhere = await runCli(['image', 'webhook']);
    assert.match(elsewhere.stderr, /did you mean `signet serve webhook`\?/);
    const verb = await runCli(['verfy', '--key', 'k', 'x/y:1']);
    assert.match(verb.stderr, /did you mean `signet verify`\?/);
  });

  it('are errors even with --help, and through the help command', async () => {
    for (const args of [
      ['frobnicate', '--help'],
      ['help', 'frobnicate'],
      ['frobnicate', '-h'],
    ]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(
        run.stderr,
        /error \[CLI_USAGE\]: unknown command 'frobnicate' for `signet`; run `signet --help`/,
      );
      assert.equal(run.stdout, '', 'no help printed as if the command existed');
    }
  });

  it('are JSON errors with the suggestions in details under --output json', async () => {
    const run = await runCli(['tree', 'x/y:1', '--output', 'json']);
    assert.equal(run.code, 2);
    const error = jsonError(run);
    assert.equal(error.code, 'CLI_USAGE');
    assert.deepEqual(error.details?.['suggestions'], ['signet image tree']);
  });
});
