// Registries that require credentials: the CLI fails with a message that names the
// registry and says how to log in, then succeeds with each way of giving credentials.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import {
  registryTargets,
  startDistributionRegistry,
  realRegistrySkipReason,
} from '../../src/testing/index.js';
import type { RunningRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { staticCredentials } from '../../src/oci/credentials/index.js';

const targets = [
  ...registryTargets({ auth: 'basic' }).map((t) => ({
    name: `${t.name} with Basic auth`,
    skip: t.skipReason,
    start: () => t.start(),
  })),
  {
    name: 'distribution with token auth',
    skip: realRegistrySkipReason(),
    start: () => startDistributionRegistry({ auth: 'token' }),
  },
];

for (const target of targets) {
  describe(`registry credentials on the ${target.name} registry`, { skip: target.skip }, () => {
    let registry: RunningRegistry;
    let dir: string;
    let ref: string;
    let digest: string;

    before(async () => {
      registry = await target.start();
      dir = await mkdtemp(join(tmpdir(), 'signet-auth-'));
      ref = `${registry.host}/private/app:1`;
      const client = new RegistryClient({
        credentials: staticCredentials(registry.host, registry.auth!),
      });
      digest = (await pushImage(client, parseReference(ref), buildImage())).digest;
      await client.close();
    });

    after(async () => {
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('exits 4 without credentials, naming the registry and how to log in', async () => {
      const result = await runCli(['image', 'digest', ref], { HOME: dir });
      assert.equal(result.code, 4);
      assert.match(result.stderr, /REGISTRY_UNAUTHORIZED/);
      assert.match(result.stderr, new RegExp(registry.host.replace(/\./g, '\\.')));
      assert.match(result.stderr, /--registry-username|SIGNET_REGISTRY_USERNAME|config\.json/);
    });

    it('uses --registry-username and --registry-password', async () => {
      const { username, password } = registry.auth!;
      const result = await runCli(
        ['image', 'digest', '--registry-username', username, '--registry-password', password, ref],
        { HOME: dir },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), digest);
    });

    it('uses SIGNET_REGISTRY_USERNAME and SIGNET_REGISTRY_PASSWORD', async () => {
      const { username, password } = registry.auth!;
      const result = await runCli(['image', 'digest', ref], {
        HOME: dir,
        SIGNET_REGISTRY_USERNAME: username,
        SIGNET_REGISTRY_PASSWORD: password,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), digest);
    });

    it('uses a docker config.json and a Kubernetes pull secret', async () => {
      const { username, password } = registry.auth!;
      const auths = {
        auths: {
          [registry.host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') },
        },
      };
      await writeFile(join(dir, 'config.json'), JSON.stringify(auths));
      const viaConfig = await runCli(['image', 'digest', '--docker-config', dir, ref], {
        HOME: dir,
      });
      assert.equal(viaConfig.code, 0, viaConfig.stderr);
      assert.equal(viaConfig.stdout.trim(), digest);

      const secret = [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: pull, namespace: apps }',
        'type: kubernetes.io/dockerconfigjson',
        'data:',
        `  .dockerconfigjson: ${Buffer.from(JSON.stringify(auths)).toString('base64')}`,
      ].join('\n');
      await writeFile(join(dir, 'secret.yaml'), secret);
      const viaSecret = await runCli(
        ['image', 'digest', '--pull-secret', join(dir, 'secret.yaml'), ref],
        { HOME: dir },
      );
      assert.equal(viaSecret.code, 0, viaSecret.stderr);
      assert.equal(viaSecret.stdout.trim(), digest);
    });

    it('never prints the password when the credentials are wrong', async () => {
      const secret = 'not-the-Password-42';
      const result = await runCli(
        [
          'image',
          'digest',
          '--registry-username',
          'nobody',
          '--registry-password',
          secret,
          '-o',
          'json',
          ref,
        ],
        { HOME: dir },
      );
      assert.equal(result.code, 4);
      assert.ok(!result.stderr.includes(secret), result.stderr);
      assert.ok(!result.stdout.includes(secret));
    });
  });
}
