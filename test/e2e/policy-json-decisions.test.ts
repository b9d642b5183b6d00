// Decision equality with skopeo: for a table of policy.json documents covering every
// requirement and signedIdentity kind (remapIdentity included), scopes versus default and
// requirement lists, and images signed in different ways, `signet policy-json check`
// accepts exactly when `skopeo copy --policy … docker://… dir:…` succeeds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { signSimpleSignature } from '../../src/signing/gpg/index.js';
import { writeLookasideSignature } from '../../src/signing/lookaside/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import {
  realRegistrySkipReason,
  startDistributionRegistry,
  type RunningRegistry,
} from '../../src/testing/index.js';

const exec = promisify(execFile);
const skip =
  realRegistrySkipReason() ??
  (process.env.SIGNET_SKIP_INTEROP === '1' ? 'SIGNET_SKIP_INTEROP=1' : undefined);

let dir = '';
let registry: RunningRegistry;
let client: RegistryClient;
let store = '';
const images: Record<string, string> = {};
const policies: [string, object][] = [];

async function gpgKey(name: string) {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name }],
    format: 'armored',
  });
}

describe("policy.json decisions equal skopeo's", { skip }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-policy-json-eq-'));
    registry = await startDistributionRegistry();
    client = new RegistryClient();
    store = pathToFileURL(join(dir, 'lookaside')).href;
    await mkdir(join(dir, 'registries.d'));
    await writeFile(
      join(dir, 'registries.d', 'default.yaml'),
      `default-docker:\n  lookaside: ${store}\n`,
    );
    const [a, b] = await Promise.all([gpgKey('a'), gpgKey('b')]);
    const keyA = join(dir, 'a.asc');
    const keyB = join(dir, 'b.asc');
    await writeFile(keyA, a.publicKey);
    await writeFile(keyB, b.publicKey);

    const host = registry.host;
    const image = buildImage({ layers: 1, layerBytes: 64, random: 'decisions' });
    const unsigned = buildImage({ layers: 1, layerBytes: 64, random: 'unsigned' });
    const push = async (ref: string, built = image) =>
      (await pushImage(client, parseReference(ref), built)).digest;
    const sign = async (key: string, repository: string, identity: string, digest: string) => {
      const { signature } = await signSimpleSignature({
        privateKey: key,
        dockerReference: identity,
        manifestDigest: digest,
      });
      await writeLookasideSignature({ base: store, repository, digest }, signature);
    };
    const digest = await push(`${host}/eq/app:1.0`);
    await push(`${host}/eq/app:moved`);
    await push(`${host}/mirror/app:1.0`);
    await push(`${host}/eq/byb:1.0`);
    await push(`${host}/eq/none:1.0`, unsigned);
    await sign(a.privateKey, 'eq/app', `${host}/eq/app:1.0`, digest);
    await sign(a.privateKey, 'mirror/app', `${host}/eq/app:1.0`, digest);
    await sign(b.privateKey, 'eq/byb', `${host}/eq/byb:1.0`, digest);
    Object.assign(images, {
      'signed by A, checked by its tag': `${host}/eq/app:1.0`,
      'signed by A, checked by digest': `${host}/eq/app@${digest}`,
      'signed by A for another tag': `${host}/eq/app:moved`,
      'a mirror signed by A under the original name': `${host}/mirror/app:1.0`,
      'signed by B': `${host}/eq/byb:1.0`,
      unsigned: `${host}/eq/none:1.0`,
    });

    const by = (keyPath: string, signedIdentity?: object) => ({
      type: 'signedBy',
      keyType: 'GPGKeys',
      keyPath,
      ...(signedIdentity === undefined ? {} : { signedIdentity }),
    });
    const A = by(keyA);
    policies.push(
      ['insecureAcceptAnything', { default: [{ type: 'insecureAcceptAnything' }] }],
      ['reject', { default: [{ type: 'reject' }] }],
      ['signedBy A (matchRepoDigestOrExact by default)', { default: [A] }],
      ['signedBy A matchExact', { default: [by(keyA, { type: 'matchExact' })] }],
      ['signedBy A matchRepository', { default: [by(keyA, { type: 'matchRepository' })] }],
      [
        'signedBy A exactReference',
        { default: [by(keyA, { type: 'exactReference', dockerReference: `${host}/eq/app:1.0` })] },
      ],
      [
        'signedBy A exactRepository',
        { default: [by(keyA, { type: 'exactRepository', dockerRepository: `${host}/eq/app` })] },
      ],
      [
        'signedBy A remapIdentity',
        {
          default: [
            by(keyA, {
              type: 'remapIdentity',
              prefix: `${host}/mirror`,
              signedPrefix: `${host}/eq`,
            }),
          ],
        },
      ],
      ['signedBy B', { default: [by(keyB)] }],
      [
        'signedBy keyPaths A and B',
        { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPaths: [keyA, keyB] }] },
      ],
      [
        'signedBy keyData A',
        {
          default: [
            {
              type: 'signedBy',
              keyType: 'GPGKeys',
              keyData: Buffer.from(a.publicKey).toString('base64'),
            },
          ],
        },
      ],
      [
        'repository scope over a reject default',
        { default: [{ type: 'reject' }], transports: { docker: { [`${host}/eq/app`]: [A] } } },
      ],
      [
        'tag scope rejecting over an accepting default',
        {
          default: [{ type: 'insecureAcceptAnything' }],
          transports: { docker: { [`${host}/eq/app:1.0`]: [{ type: 'reject' }] } },
        },
      ],
      [
        'namespace scope',
        {
          default: [{ type: 'reject' }],
          transports: {
            docker: { [`${host}/eq`]: [A], [host]: [{ type: 'insecureAcceptAnything' }] },
          },
        },
      ],
      [
        'transport default scope',
        {
          default: [{ type: 'reject' }],
          transports: { docker: { '': [A] }, atomic: { [`${host}/eq`]: [{ type: 'reject' }] } },
        },
      ],
      ['requirement list A and B', { default: [A, by(keyB)] }],
      [
        'requirement list accept and reject',
        { default: [{ type: 'insecureAcceptAnything' }, { type: 'reject' }] },
      ],
    );
  });
  after(async () => {
    await client?.close();
    await registry?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('decides every policy and image as skopeo copy does', async () => {
    const disagreements: string[] = [];
    const decided = new Map<string, boolean>();
    let cases = 0;
    for (const [policyName, policy] of policies) {
      const policyPath = join(dir, `policy-${cases}.json`);
      await writeFile(policyPath, JSON.stringify(policy));
      for (const [imageName, ref] of Object.entries(images)) {
        cases += 1;
        const output = join(dir, `out-${cases}`);
        const skopeo = await exec(
          'skopeo',
          [
            'copy',
            '--quiet',
            '--policy',
            policyPath,
            '--registries.d',
            join(dir, 'registries.d'),
            '--src-tls-verify=false',
            `docker://${ref}`,
            `dir:${output}`,
          ],
          { timeout: 60_000 },
        )
          .then(() => ({ allowed: true, stderr: '' }))
          .catch((error: Error & { stderr?: string }) => ({
            allowed: false,
            stderr: error.stderr ?? error.message,
          }));
        if (!skopeo.allowed)
          assert.match(
            skopeo.stderr,
            /policy|signature|rejected|not accepted|required/i,
            skopeo.stderr,
          );
        await rm(output, { recursive: true, force: true });
        const console = captureConsole();
        const code = await main(
          [
            'policy-json',
            'check',
            '--policy',
            policyPath,
            '--registries-d',
            join(dir, 'registries.d'),
            ref,
          ],
          { console, env: {} },
        );
        assert.ok(
          code === 0 || code === 12,
          `${policyName} / ${imageName}: exit ${code}: ${console.stderr}`,
        );
        decided.set(`${policyName} / ${imageName}`, skopeo.allowed);
        if ((code === 0) !== skopeo.allowed) {
          disagreements.push(
            `${policyName} / ${imageName}: skopeo ${skopeo.allowed ? 'allowed' : 'rejected'}, signet exit ${code}: ${console.stdout.trim()}`,
          );
        }
      }
    }
    assert.equal(cases, policies.length * Object.keys(images).length);
    assert.deepEqual(disagreements, []);
    // The table means something only if it exercises both answers where they matter.
    const expected: [string, boolean][] = [
      ['signedBy A remapIdentity / a mirror signed by A under the original name', true],
      [
        'signedBy A (matchRepoDigestOrExact by default) / a mirror signed by A under the original name',
        false,
      ],
      ['signedBy A (matchRepoDigestOrExact by default) / signed by A for another tag', false],
      ['signedBy A (matchRepoDigestOrExact by default) / signed by A, checked by digest', true],
      ['signedBy A matchRepository / signed by A for another tag', true],
      ['signedBy A matchExact / signed by A, checked by digest', false],
      ['signedBy A exactReference / signed by A for another tag', true],
      ['signedBy B / signed by B', true],
      ['requirement list A and B / signed by A, checked by its tag', false],
      ['tag scope rejecting over an accepting default / signed by A for another tag', true],
    ];
    for (const [cell, allowed] of expected) assert.equal(decided.get(cell), allowed, cell);
  });

  it('rejects an invalid policy with exit 3, as skopeo refuses it', async () => {
    const policyPath = join(dir, 'invalid.json');
    await writeFile(
      policyPath,
      JSON.stringify({ default: [{ type: 'signedBy', keyType: 'GPGKeys' }] }),
    );
    const ref = images['unsigned']!;
    const skopeo = await exec('skopeo', [
      'copy',
      '--quiet',
      '--policy',
      policyPath,
      '--src-tls-verify=false',
      `docker://${ref}`,
      `dir:${join(dir, 'out-invalid')}`,
    ])
      .then(() => 0)
      .catch(() => 1);
    assert.equal(skopeo, 1);
    const console = captureConsole();
    const code = await main(['policy-json', 'check', '--policy', policyPath, ref], {
      console,
      env: {},
    });
    assert.equal(code, 3);
    assert.match(console.stderr, /POLICY_JSON_INVALID.*exactly one of keyPath, keyPaths, keyData/);
  });
});
