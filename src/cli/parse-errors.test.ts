import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { outputFormatIn, usageErrorFromCommander } from './parse-errors.js';

describe('parse errors of the command line', () => {
  it('finds the output format in every spelling commander accepts', () => {
    assert.equal(outputFormatIn(['image', 'digest', '--output', 'json', 'x']), 'json');
    assert.equal(outputFormatIn(['image', 'digest', '--output=json']), 'json');
    assert.equal(outputFormatIn(['image', 'digest', '-o', 'json']), 'json');
    assert.equal(outputFormatIn(['image', 'digest', '-ojson']), 'json');
    assert.equal(outputFormatIn(['-o', 'json', '-o', 'text']), 'text', 'the last one wins');
  });

  it('keeps text when the format is absent, unknown, or after --', () => {
    assert.equal(outputFormatIn(['image', 'digest', 'x']), 'text');
    assert.equal(outputFormatIn(['image', 'digest', '-o', 'yaml']), 'text');
    assert.equal(outputFormatIn(['verify', '--', '-o', 'json']), 'text');
  });

  it("turns commander's message into CLI_USAGE naming the command", () => {
    const error = usageErrorFromCommander(
      new CommanderError(
        1,
        'commander.unknownOption',
        "error: unknown option '--outptu'\n(Did you mean --output?)",
      ),
      ['image', 'digest'],
    );
    assert.equal(error.code, 'CLI_USAGE');
    assert.equal(
      error.message,
      "signet image digest: unknown option '--outptu' (did you mean --output?); run `signet image digest --help` for its usage",
    );
  });
});
