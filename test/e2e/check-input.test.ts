// `signet check image` refusing bad input before it contacts any registry: flag values,
// unreadable files, and malformed policies named by file, line, column and field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureConsole } from '../../src/testing/capture-console.js';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, ...console };
}

describe('signet check command line', () => {
  for (const [args, pattern] of [
    [['--output', 'xml'], /--output must be one of table, json, junit, sarif, markdown, got "xml"/],
    [['--retries', '-1'], /--retries/],
    [['--retry-delay', 'soon'], /--retry-delay must be a duration/],
    [['--send', 'http://127.0.0.1:1'], /--send needs --token FILE/],
    [['--key-secret', 'novalue'], /--key-secret takes name=value/],
    [
      ['--vuln-report', '/nonexistent/report.json'],
      /cannot read the --vuln-report \/nonexistent\/report\.json/,
    ],
    [['--policy', '/nonexistent/policies'], /CHECK_POLICY_UNREADABLE.*\/nonexistent\/policies/],
  ] as const) {
    it(`refuses ${args.join(' ')} before contacting any registry`, async () => {
      const result = await run(['check', 'image', ...args, 'registry.example/app:1.0']);
      assert.ok(result.code === 2 || result.code === 3, `exit ${result.code}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
    });
  }
});

describe('signet check policies', () => {
  it('names file, line, column and field of every problem in a malformed policy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-check-bad-'));
    try {
      const bad = join(dir, 'bad.yaml');
      await writeFile(
        bad,
        'apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata:\n  name: bad\nspec:\n  name: Bad\n  description: d\n  remediation: r\n  severity: urgent\n  lifecycleStages: [build]\n  criteria:\n    image: {latestTag: maybe}\n',
      );
      const result = await run(['check', 'image', '--policy', bad, 'registry.example/app:1.0']);
      assert.equal(result.code, 3);
      assert.match(
        result.stderr,
        new RegExp(
          `${bad.replaceAll('.', '\\.')}:9:3: spec\\.severity: the string "urgent" is not allowed`,
        ),
      );
      assert.match(
        result.stderr,
        /bad\.yaml:12:13: spec\.criteria\.image\.latestTag: must be true or false/,
      );
      assert.match(result.stderr, /POLICY_INVALID/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
