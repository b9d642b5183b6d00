// The cap on uploads in progress, under real concurrency over HTTP: a burst of upload
// starts must not overshoot it, and once the sessions end the registry takes pushes again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf } from '../core/digest.js';
import { locationPath, rawRequest } from '../testing/index.js';
import { startRegistryServer, type RunningRegistryServer } from './index.js';

const CAP = 256;
const BURST = 300;

describe('upload session cap', () => {
  let dir: string;
  let server: RunningRegistryServer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-upload-cap-'));
    // Files, as `signet serve registry --storage DIR` runs: creating an upload awaits real I/O.
    server = await startRegistryServer({
      storage: { kind: 'filesystem', directory: dir },
      maxUploadSessions: CAP,
    });
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`accepts exactly ${CAP} of ${BURST} concurrent upload starts and refuses the rest with TOOMANYREQUESTS`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, () =>
        rawRequest(server.url, '/v2/team/app/blobs/uploads/', { method: 'POST' }),
      ),
    );
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status !== 202);
    assert.equal(accepted.length, CAP);
    assert.equal(refused.length, BURST - CAP);
    for (const answer of refused) {
      assert.equal(answer.status, 429);
      assert.equal(answer.errorCode(), 'TOOMANYREQUESTS');
      assert.match(answer.json().errors[0].message, /too many uploads in progress/);
    }
    // No refused start may leave a file behind in the upload area.
    assert.equal((await readdir(join(dir, 'uploads'))).length, CAP);

    const pushWhileFull = await rawRequest(server.url, '/v2/team/app/blobs/uploads/', {
      method: 'POST',
    });
    assert.equal(pushWhileFull.status, 429);

    // Cancel half and finish the other half: every slot comes back.
    await Promise.all(
      accepted.map(async (answer, i) => {
        const path = locationPath(server.url, answer.headers.location);
        if (i % 2 === 0) {
          assert.equal((await rawRequest(server.url, path, { method: 'DELETE' })).status, 204);
          return;
        }
        const data = randomBytes(16);
        const sep = path.includes('?') ? '&' : '?';
        const done = await rawRequest(server.url, `${path}${sep}digest=${digestOf(data)}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/octet-stream' },
          body: data,
        });
        assert.equal(done.status, 201);
      }),
    );
    const data = randomBytes(32);
    const push = await rawRequest(
      server.url,
      `/v2/team/app/blobs/uploads/?digest=${digestOf(data)}`,
      { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: data },
    );
    assert.equal(push.status, 201);
  });
});
