import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { readRun, runName } from './run-object.js';

const metadata = { namespace: 'ci', name: 'build', uid: 'u-1', resourceVersion: '7' };

describe('runs read from the API server', () => {
  it('reads identity, annotations, results and the Succeeded condition', () => {
    const run = readRun(
      {
        metadata: { ...metadata, annotations: { a: 'b', bad: 3 } },
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'Succeeded', status: 'True' },
          ],
          results: [{ name: 'IMAGES', value: 'x' }, { value: 'nameless' }, 'junk'],
        },
      },
      'PipelineRun',
    );
    assert.equal(runName(run), 'PipelineRun ci/build');
    assert.equal(run.succeeded, 'True');
    assert.deepEqual(run.annotations, { a: 'b' });
    assert.deepEqual(run.results, [{ name: 'IMAGES', value: 'x' }]);
    assert.equal(run.raw['kind'], 'PipelineRun');
  });

  it('treats a run without a Succeeded condition as unfinished', () => {
    assert.equal(readRun({ metadata }, 'TaskRun').succeeded, 'Unknown');
    assert.equal(
      readRun(
        { metadata, status: { conditions: [{ type: 'Succeeded', status: 'False' }] } },
        'TaskRun',
      ).succeeded,
      'False',
    );
  });

  it('refuses objects without a namespace, name or uid', () => {
    for (const object of [
      null,
      [],
      { metadata: { ...metadata, uid: '' } },
      { metadata: { name: 'x' } },
    ])
      assert.throws(
        () => readRun(object, 'TaskRun'),
        (e: unknown) => isSignetError(e) && e.code === 'CHAINS_RUN_INVALID',
      );
  });
});
