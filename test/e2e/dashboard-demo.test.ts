// `signet demo` starts the server with the webhook in-process: the refusal of the demo's
// unsigned image is recorded as a violation and the demo prints the dashboard page that
// lists it. And `signet serve` (all) starts, answers and stops on SIGTERM.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDecisionStore } from '../../src/records/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { runCli } from '../../src/testing/run-cli.js';
import { main } from '../../src/cli/main.js';
import { TOKENS } from './api-harness.js';

describe('signet demo and signet serve', () => {
  it('records the refusal of the demo image and prints the page that shows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-demo-ui-'));
    try {
      const run = await runCli(['demo', '--data-dir', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Pod demo\/app with \S+demo\/app:1\.0: admitted/);
      assert.match(run.stdout, /Pod demo\/unsigned with \S+demo\/unsigned:1\.0: refused/);
      assert.match(
        run.stdout,
        /the refused image on the dashboard: http:\/\/127\.0\.0\.1:\d+\/#\/violations\?cluster=demo/,
      );
      const store = await openDecisionStore(`sqlite:${join(dir, 'records.db')}`);
      try {
        const violations = await store.violations({ cluster: 'demo' });
        assert.equal(violations.length, 1);
        assert.match(violations[0]!.image, /demo\/unsigned:1\.0$/);
        assert.equal(violations[0]!.policy, 'demo-signed');
        assert.equal(violations[0]!.action, 'denied');
        assert.equal(violations[0]!.workload, 'Pod/unsigned');
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs signet serve with a token file until SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-serve-all-'));
    try {
      const tokens = join(dir, 'tokens');
      await writeFile(tokens, `# roles\nviewer ${TOKENS.viewer}\nwriter ${TOKENS.writer}\n`);
      const console = captureConsole();
      const done = main(
        [
          'serve',
          '--listen',
          '127.0.0.1:0',
          '--database',
          `sqlite:${join(dir, 'r.db')}`,
          '--token-file',
          tokens,
          '--log-level',
          'silent',
        ],
        { console, env: {} },
      );
      let url: string | undefined;
      for (let i = 0; i < 300 && url === undefined; i++) {
        url = /signet server listening on (http:\/\/\S+) /.exec(console.stderr)?.[1];
        if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(url, console.stderr);
      const whoami = await fetch(`${url}/api/v1/whoami`, {
        headers: { authorization: `Bearer ${TOKENS.writer}` },
      });
      assert.deepEqual(await whoami.json(), { role: 'writer' });
      assert.ok(!console.stderr.includes(TOKENS.writer), 'a token reached the output');
      process.emit('SIGTERM', 'SIGTERM');
      assert.equal(await done, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a token file with a line that is not ROLE TOKEN, without quoting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-serve-all-'));
    try {
      const tokens = join(dir, 'tokens');
      await writeFile(tokens, `viewer ${TOKENS.viewer}\nsuperuser ${TOKENS.admin}\n`);
      const run = await runCli([
        'serve',
        'all',
        '--listen',
        '127.0.0.1:0',
        '--database',
        'sqlite::memory:',
        '--token-file',
        tokens,
      ]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /UI_TOKEN_FILE_INVALID/);
      assert.match(run.stderr, /line 2/);
      assert.ok(!run.stderr.includes(TOKENS.admin));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
