import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_REASON_CHARS,
  PROGRESS,
  RETRIES,
  SIGNED,
  decide,
  entryUrl,
  failureReason,
  readProgress,
} from './annotations.js';
import { readRun } from './run-object.js';

function run(annotations: Record<string, string>, succeeded = 'True') {
  return readRun(
    {
      metadata: { namespace: 'ci', name: 'b', uid: 'u', annotations },
      status: { conditions: [{ type: 'Succeeded', status: succeeded }] },
    },
    'TaskRun',
  );
}

describe('run annotations', () => {
  it('never signs a run marked signed or failed', () => {
    assert.deepEqual(decide(run({ [SIGNED]: 'true' })), { kind: 'skip', why: 'already signed' });
    assert.equal(decide(run({ [SIGNED]: 'failed' })).kind, 'skip');
  });

  it('signs only runs that succeeded', () => {
    assert.equal(decide(run({}, 'False')).kind, 'skip');
    assert.equal(decide(run({}, 'Unknown')).kind, 'skip');
    assert.deepEqual(decide(run({})), { kind: 'sign', progress: {}, retries: 0 });
  });

  it('continues from the recorded progress and retry count', () => {
    const progress = { 'r/a@sha256:1': { signature: 's', provenance: 'p' } };
    assert.deepEqual(decide(run({ [PROGRESS]: JSON.stringify(progress), [RETRIES]: '2' })), {
      kind: 'sign',
      progress,
      retries: 2,
    });
    assert.equal((decide(run({ [RETRIES]: '-4' })) as { retries: number }).retries, 0);
  });

  it('reads a malformed progress record as none', () => {
    assert.deepEqual(readProgress('{'), {});
    assert.deepEqual(readProgress('[1]'), {});
    assert.deepEqual(readProgress('{"a":{"signature":1},"b":null}'), {});
  });

  it('writes entry URLs as Chains does and keeps reasons short', () => {
    assert.equal(
      entryUrl('https://log.example/', 12),
      'https://log.example/api/v1/log/entries?logIndex=12',
    );
    assert.equal(failureReason('x'.repeat(5000)).length, MAX_REASON_CHARS + 1);
    assert.equal(failureReason('short'), 'short');
  });
});
