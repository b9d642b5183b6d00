import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { isSignetError } from '../core/errors.js';
import { loadPolicyJson } from './policy-json-loader.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-policy-json-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('policy.json loader', () => {
  it('loads a policy and the GPG key file it names', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'k' }],
      format: 'armored',
    });
    await writeFile(join(dir, 'key.asc'), publicKey);
    const path = join(dir, 'policy.json');
    await writeFile(
      path,
      JSON.stringify({
        default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: join(dir, 'key.asc') }],
      }),
    );
    const loaded = await loadPolicyJson(path);
    assert.equal(loaded.policy.default[0]!.type, 'signedBy');
  });

  it('keeps a policy whose key file is missing valid, with a requirement that rejects', async () => {
    const path = join(dir, 'missing-key.json');
    await writeFile(
      path,
      JSON.stringify({
        default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: join(dir, 'nope.asc') }],
      }),
    );
    const requirement = (await loadPolicyJson(path)).policy.default[0]!;
    assert.ok(requirement.type === 'unusable' && /nope\.asc/.test(requirement.reason));
  });

  it('reports a policy file that cannot be read', async () => {
    await assert.rejects(
      loadPolicyJson(join(dir, 'absent.json')),
      (e: unknown) =>
        isSignetError(e) && e.code === 'POLICY_JSON_UNREADABLE' && e.category === 'config',
    );
  });

  it('reports an invalid policy as a configuration error naming the file', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"default": []}');
    await assert.rejects(
      loadPolicyJson(path),
      (e: unknown) =>
        isSignetError(e) && e.code === 'POLICY_JSON_INVALID' && e.message.startsWith(path),
    );
  });
});
