import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { commandPathFor, editDistance, unknownCommandError } from './unknown-command.js';

function program(): Command {
  const signet = new Command('signet');
  signet.command('verify').argument('<image>');
  signet.command('version');
  const image = signet.command('image');
  image.command('tree').argument('<image>');
  image.command('digest').argument('<image>');
  signet.command('serve').command('webhook');
  return signet;
}

describe('unknown commands', () => {
  it('finds nothing wrong with known commands, their arguments and options', () => {
    for (const argv of [
      ['verify', 'tree'],
      ['image', 'tree', 'x'],
      ['image', '--help'],
      ['help', 'image'],
      [],
    ]) {
      assert.equal(unknownCommandError(program(), argv), undefined, argv.join(' '));
    }
  });

  it('suggests a command of the same name in another group', () => {
    const error = unknownCommandError(program(), ['tree', 'x']);
    assert.equal(error?.code, 'CLI_USAGE');
    assert.match(
      error.message,
      /unknown command 'tree' for `signet`; did you mean `signet image tree`\?/,
    );
  });

  it('prefers the group the word was given to, and finds typos and prefixes', () => {
    assert.match(unknownCommandError(program(), ['image', 'tre'])!.message, /`signet image tree`/);
    assert.match(unknownCommandError(program(), ['verfy'])!.message, /`signet verify`/);
    assert.match(unknownCommandError(program(), ['web'])!.message, /`signet serve webhook`/);
  });

  it('suggests nothing far-fetched', () => {
    const error = unknownCommandError(program(), ['attest', '--help']);
    assert.match(error!.message, /unknown command 'attest' for `signet`; run `signet --help`/);
    assert.equal(error!.details['suggestions'], undefined);
  });

  it('looks words up through the help command too', () => {
    assert.match(unknownCommandError(program(), ['help', 'attest'])!.message, /'attest'/);
  });

  it('names the command a line runs', () => {
    assert.deepEqual(commandPathFor(program(), ['image', 'tree', '--bogus']), ['image', 'tree']);
    assert.deepEqual(commandPathFor(program(), ['--bogus', 'image']), []);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    assert.equal(editDistance('inpsect', 'inspect'), 1);
    assert.equal(editDistance('attest', 'test'), 2);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
