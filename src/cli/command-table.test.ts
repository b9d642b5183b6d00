import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { COMMAND_TABLE, registrationsFor } from './command-table.js';
import { captureConsole } from '../testing/capture-console.js';
import type { CliContext } from './context.js';

const context: CliContext = { console: captureConsole(), env: {}, exitCode: 0, format: 'text' };

describe('command table', () => {
  it('names each command after the command its module registers', async () => {
    for (const [name, load] of Object.entries(COMMAND_TABLE)) {
      const program = new Command();
      (await load())(program, context);
      assert.deepEqual(
        program.commands.map((c) => c.name()),
        [name],
      );
    }
  });

  it('loads only the named command, and every command for help or an unknown word', async () => {
    assert.equal((await registrationsFor(['verify', '--key', 'k', 'img'])).length, 1);
    assert.equal((await registrationsFor(['--help'])).length, Object.keys(COMMAND_TABLE).length);
    assert.equal(
      (await registrationsFor(['frobnicate'])).length,
      Object.keys(COMMAND_TABLE).length,
    );
  });
});
