import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { registerServeTlogCommand } from './serve-tlog.js';

function run(args: string[]): Promise<unknown> {
  const lines: string[] = [];
  const context: CliContext = {
    console: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
    env: {},
    exitCode: 0,
    format: 'text',
  };
  const program = new Command('signet').exitOverride();
  registerServeTlogCommand(program.command('serve'), context);
  return program.parseAsync(['serve', 'tlog', ...args], { from: 'user' });
}

describe('signet serve tlog', () => {
  const bad: [string, string[]][] = [
    ['a listen address without a port', ['--listen', 'localhost']],
    ['a batch size of 0', ['--batch-size', '0']],
    ['a batch delay that is not a number', ['--batch-delay', 'soon']],
  ];
  for (const [name, args] of bad) {
    it(`rejects ${name} before starting anything`, async () => {
      await assert.rejects(run(args), { code: 'CLI_USAGE' });
    });
  }

  it('refuses a database URL it does not know, without echoing it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'signet-cli-tlog-'));
    await assert.rejects(
      run([
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        dataDir,
        '--database',
        'mysql://u:secret@h/db',
      ]),
      (error: Error & { code: string }) => {
        assert.equal(error.code, 'TLOG_STORE_URL_INVALID');
        assert.ok(!error.message.includes('secret'));
        return true;
      },
    );
    await rm(dataDir, { recursive: true, force: true });
  });
});
