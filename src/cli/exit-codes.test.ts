import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../core/errors.js';
import type { ErrorCategory } from '../core/errors.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

describe('exit codes', () => {
  const cases: [ErrorCategory, string, number][] = [
    ['usage', 'REFERENCE_INVALID', ExitCode.Usage],
    ['config', 'CREDENTIALS_INVALID', ExitCode.Config],
    ['registry', 'REGISTRY_UNAVAILABLE', ExitCode.Registry],
    ['not-found', 'REGISTRY_NOT_FOUND', ExitCode.NotFound],
    ['verification', 'DIGEST_MISMATCH', ExitCode.VerificationFailed],
    ['internal', 'SOMETHING_BROKE', ExitCode.Internal],
    ['verification', 'NO_SIGNATURES', ExitCode.NoSignatures],
  ];
  for (const [category, code, exit] of cases) {
    it(`maps ${code} (${category}) to ${exit}`, () => {
      assert.equal(exitCodeFor(new SignetError(code, category, 'x')), exit);
    });
  }

  it('keeps cosign’s meaning for 10, 11 and 12', () => {
    assert.deepEqual(
      [ExitCode.NoSignatures, ExitCode.NotFound, ExitCode.VerificationFailed],
      [10, 11, 12],
    );
  });
});
