import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../testing/run-cli.js';

const BASE = ['serve', 'chains', '--key', 'k8s://signet-system/signing-key'];
const LOG = ['--tlog-url', 'http://127.0.0.1:1'];

describe('signet serve chains command line', () => {
  const refused = async (args: string[], message: RegExp, env: NodeJS.ProcessEnv = {}) => {
    const result = await runCli(args, env);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
  };

  it('requires --key', async () => {
    await refused(['serve', 'chains', ...LOG], /--key <ref>/);
  });

  it('requires a transparency log', async () => {
    await refused(BASE, /give the transparency log with --tlog-url/);
  });

  it('refuses unknown kinds, layouts and log levels', async () => {
    await refused(
      [...BASE, ...LOG, '--kinds', 'jobs'],
      /--kinds must be all, taskruns or pipelineruns, got "jobs"/,
    );
    await refused(
      [...BASE, ...LOG, '--layout', 'zip'],
      /--layout must be legacy or bundle, got "zip"/,
    );
    await refused([...BASE, ...LOG, '--log-level', 'loud'], /--log-level must be one of/);
  });

  it('refuses retry counts and delays out of range', async () => {
    await refused(
      [...BASE, ...LOG, '--max-retries', '101'],
      /--max-retries must be a whole number from 0 to 100/,
    );
    await refused(
      [...BASE, ...LOG, '--retry-backoff', 'soon'],
      /--retry-backoff must be a duration/,
    );
    await refused([...BASE, ...LOG, '--retry-backoff', '10m'], /--retry-backoff must be at most/);
  });

  it('refuses a malformed k8s:// key reference before connecting', async () => {
    const result = await runCli(['serve', 'chains', '--key', 'k8s://Bad/name', ...LOG], {
      KUBECONFIG: '/nonexistent',
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /KUBERNETES_REFERENCE_INVALID|not k8s:\/\/NAMESPACE\/NAME/);
  });
});
