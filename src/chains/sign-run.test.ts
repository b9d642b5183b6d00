import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../core/keys/index.js';
import { buildImage, pushImage } from '../oci/build/index.js';
import { parseReference, type ImageReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { validateSlsaV1Provenance } from '../signing/attest/index.js';
import { openLogWriter } from '../signing/sign/transparency-log.js';
import { startInMemoryRegistry, type RunningRegistry } from '../testing/index.js';
import { runCli } from '../testing/run-cli.js';
import { startTemporaryTlogServer } from '../testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../tlog/server/index.js';
import { readRun } from './run-object.js';
import { runProvenance, signRunImage } from './sign-run.js';

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

describe('signing one image of a run', () => {
  let registry: RunningRegistry;
  let log: RunningTlogServer;
  let dir: string;
  before(async () => {
    registry = await startInMemoryRegistry();
    log = await startTemporaryTlogServer();
    dir = await mkdtemp(join(tmpdir(), 'signet-chains-sign-'));
  });
  after(async () => {
    await log?.close();
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  for (const layout of ['legacy', 'bundle'] as const) {
    it(`signs, attests and logs both, verifiable by signet (${layout})`, async () => {
      const client = new RegistryClient();
      const writer = openLogWriter(log.url);
      const key = await generateKeyPair('ecdsa-p256');
      const pub = join(dir, `${layout}.pub`);
      await writeFile(pub, key.publicKey.pem);
      const ref = parseReference(`${registry.host}/team/${layout}:1`);
      const { digest } = await pushImage(client, ref, buildImage());
      const image = { ...ref, digest } as ImageReference & { digest: string };
      const predicate = runProvenance(
        readRun({ metadata: { namespace: 'ci', name: 'b', uid: 'u' } }, 'TaskRun'),
      );
      const urls = await signRunImage(
        { key, registry: client, log: writer, logUrl: log.url, layout },
        image,
        predicate,
      );
      await writer.close();
      await client.close();
      assert.match(urls.signature, /\/api\/v1\/log\/entries\?logIndex=\d+$/);
      assert.notEqual(urls.signature, urls.provenance);
      for (const url of [urls.signature, urls.provenance])
        assert.equal((await fetch(url)).status, 200, url);
      const pinned = `${registry.host}/team/${layout}@${digest}`;
      const verified = await runCli(['verify', '--key', pub, pinned]);
      assert.equal(verified.code, 0, verified.stderr);
      const attested = await runCli([
        'verify-attestation',
        '--key',
        pub,
        '--type',
        'slsaprovenance1',
        '--builder-id',
        'https://tekton.dev/chains/v2',
        pinned,
      ]);
      assert.equal(attested.code, 0, attested.stderr);
    });
  }
});
