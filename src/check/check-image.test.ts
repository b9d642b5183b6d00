import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildImage, pushImage } from '../oci/build/index.js';
import { parseReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { registryEvidence } from '../pipeline/index.js';
import { compileSecurityPolicies, parseSecurityPolicyYaml } from '../policy/security/index.js';
import { freeLoopbackPort, startInMemoryRegistry, type RunningRegistry } from '../testing/index.js';
import { checkImage, type CheckPlan } from './check-image.js';

const POLICY = `apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: latest}\nspec: {name: Latest tag, description: d, remediation: r, severity: low, lifecycleStages: [build, deploy], enforcement: {build: enforce}, scope: [{namespace: prod}], criteria: {image: {latestTag: true}}}\n`;

describe('checking one image', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let plan: CheckPlan;
  const retries: string[] = [];

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient({ maxRetries: 0 });
    await pushImage(client, parseReference(`${registry.host}/team/app:latest`), buildImage());
    plan = {
      set: compileSecurityPolicies(parseSecurityPolicyYaml(POLICY, 'p.yaml').documents),
      stage: 'build',
      client,
      registry: registryEvidence({ client, readSecret: () => Promise.reject(new Error('none')) }),
      retries: 2,
      retryDelayMs: 1,
      now: () => new Date(),
      onRetry: (image, attempt) => retries.push(`${image} ${attempt}`),
    };
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  it('reports the violations and the policies evaluated for an image', async () => {
    const result = await checkImage(`${registry.host}/team/app:latest`, plan);
    assert.equal(result.error, null);
    assert.match(result.digest!, /^sha256:/);
    assert.deepEqual(result.evaluated, ['Latest tag']);
    assert.equal(result.violations[0]!.enforced, true);
  });

  it('applies deploy-stage scope from the workload', async () => {
    const deploy = { ...plan, stage: 'deploy' as const };
    const image = `${registry.host}/team/app:latest`;
    const prod = await checkImage(image, deploy, { namespace: 'prod' });
    assert.equal(prod.violations[0]!.enforced, false); // deploy stage informs by default
    assert.deepEqual((await checkImage(image, deploy, { namespace: 'dev' })).evaluated, []);
  });

  it('does not retry an image that does not exist', async () => {
    retries.length = 0;
    const result = await checkImage(`${registry.host}/team/missing:1.0`, plan);
    assert.match(result.error!, /not found|does not exist/i);
    assert.deepEqual(retries, []);
  });

  it('does not retry a registry that refuses the credentials', async () => {
    retries.length = 0;
    const refusing = createServer((_req, res) =>
      res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end(),
    );
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = refusing.address() as AddressInfo;
      const result = await checkImage(`127.0.0.1:${port}/team/app:1.0`, plan);
      assert.match(result.error!, /credentials|authentication|unauthorized/i);
      assert.deepEqual(retries, []);
    } finally {
      refusing.closeAllConnections();
      refusing.close();
    }
  });

  it('retries an unreachable registry and then fails with the count', async () => {
    retries.length = 0;
    const port = await freeLoopbackPort();
    const result = await checkImage(`127.0.0.1:${port}/team/app:1.0`, plan);
    assert.match(result.error!, /^registry unavailable after 2 retries \(3 attempts\): /);
    assert.deepEqual(retries, [
      `127.0.0.1:${port}/team/app:1.0 1`,
      `127.0.0.1:${port}/team/app:1.0 2`,
    ]);
    assert.deepEqual(result.violations, []);
  });

  it('reads an image used by several workloads once, and each retry again', async () => {
    const resolved: string[] = [];
    const counting = Object.create(client) as RegistryClient;
    counting.resolveDigest = (ref) => {
      resolved.push(ref.repository);
      return client.resolveDigest(ref);
    };
    const deploy = { ...plan, client: counting, stage: 'deploy' as const };
    const image = `${registry.host}/team/app:latest`;
    const prod = await checkImage(image, deploy, { namespace: 'prod' });
    const dev = await checkImage(image, deploy, { namespace: 'dev' });
    assert.deepEqual([prod.evaluated, dev.evaluated], [['Latest tag'], []]);
    assert.equal(prod.digest, dev.digest);
    assert.deepEqual(resolved, ['team/app']);
    const port = await freeLoopbackPort();
    const down = await checkImage(`127.0.0.1:${port}/team/down:1.0`, deploy);
    assert.match(down.error!, /^registry unavailable after 2 retries/);
    assert.deepEqual(resolved, ['team/app', 'team/down', 'team/down', 'team/down']);
  });

  it('fails a malformed reference without contacting any registry', async () => {
    const result = await checkImage('UPPER/Case', plan);
    assert.equal(result.digest, null);
    assert.match(result.error!, /UPPER\/Case/);
  });
});
