// The installed `signet` executable (bin/signet.js over the compiled dist/), run as a
// separate process the way users and pipelines run it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function signet(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/signet.js', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the signet executable', () => {
  it('prints its version and exits 0', async () => {
    const result = await signet(['version']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^signet \d+\.\d+\.\d+/);
  });

  it('prints errors on stderr and exits with the documented code', async () => {
    const result = await signet(['image', 'digest', 'UPPER/case']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /error \[REFERENCE_INVALID\]/);
  });

  it('runs the demo end to end on embedded defaults', async () => {
    const result = await signet(['demo']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /\$ signet sign --key .*cosign\.key --tlog-url http:\S+ -a team=demo .*demo\/app:1\.0\n/,
    );
    assert.match(result.stderr, /1 signature\(s\) verified \(legacy\)\n/);
    assert.match(
      result.stderr,
      /error \[NO_SIGNATURES\]: .*demo\/unsigned:1\.0@sha256:[0-9a-f]{64} has no signatures/,
    );
    assert.match(result.stdout, /├── Signatures \(tag sha256-[0-9a-f]{64}\.sig\)/);
    assert.match(result.stdout, /SBOM \(referrer sha256:/);
    assert.match(
      result.stdout,
      /Recorded in the transparency log http:\/\/127\.0\.0\.1:\d+ at index 0/,
    );
    assert.match(result.stderr, /The transparency-log entries were verified against the log key/);
    assert.match(result.stdout, /^ALLOWED .*demo\/app:1\.0/m);
    assert.match(
      result.stdout,
      /^DENIED {2}.*demo\/unsigned:1\.0[^]*no signature matches authority "demo-key"/m,
    );
    assert.match(result.stdout, /demo finished: every step ended as expected/);
  });
});
