import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { startTemporaryTlogServer } from './temporary-tlog-server.js';

describe('temporary transparency log', () => {
  it('serves an empty log on loopback and removes its folder on close', async () => {
    const server = await startTemporaryTlogServer();
    const dataDir = dirname(server.keyPath);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(server.keyGenerated, true);
      const info = (await (await fetch(`${server.url}/api/v1/log`)).json()) as { treeSize: number };
      assert.equal(info.treeSize, 0);
    } finally {
      await server.close();
    }
    assert.equal(existsSync(dataDir), false, 'the key and database are removed');
  });
});
