import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSlsaV1Provenance } from '../signing/attest/index.js';
import { readRun } from './run-object.js';
import { runProvenance } from './sign-run.js';

describe('provenance of a run', () => {
  it('is SLSA v1 with the params, step images, source and times of the run', () => {
    const predicate = runProvenance(
      readRun(
        {
          metadata: { namespace: 'ci', name: 'b', uid: 'uid-9' },
          spec: { params: [{ name: 'CHAINS-GIT_URL', value: 'https://github.com/acme/app' }] },
          status: {
            startTime: '2026-01-01T00:00:00Z',
            completionTime: '2026-01-01T00:01:00Z',
            results: [{ name: 'CHAINS-GIT_COMMIT', value: 'c'.repeat(40) }],
            steps: [{ imageID: `docker-pullable://reg.example/step@sha256:${'d'.repeat(64)}` }],
          },
        },
        'TaskRun',
      ),
    );
    assert.deepEqual(validateSlsaV1Provenance(predicate), []);
    const text = JSON.stringify(predicate);
    assert.match(text, /"invocationId":"uid-9"/);
    assert.match(text, /"uri":"oci:\/\/reg.example\/step"/);
    assert.match(
      text,
      /"uri":"git\+https:\/\/github.com\/acme\/app","digest":\{"gitCommit":"c{40}"\}/,
    );
    assert.match(text, /"startedOn":"2026-01-01T00:00:00Z","finishedOn":"2026-01-01T00:01:00Z"/);
  });
});
