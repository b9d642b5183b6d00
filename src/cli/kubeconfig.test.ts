import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isSignetError } from '../core/errors.js';
import { chooseKubeconfig, withKubeconfig } from './kubeconfig.js';

const hasCode = (code: string, text: RegExp) => (error: unknown) =>
  isSignetError(error) && error.code === code && text.test(error.message);

describe('choosing the Kubernetes configuration', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-kubeconfig-'));
    file = join(dir, 'config');
    await writeFile(file, 'apiVersion: v1\nkind: Config\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('uses the one file $KUBECONFIG names, else ~/.kube/config, else the cluster', async () => {
    assert.equal((await chooseKubeconfig({ KUBECONFIG: file })).kubeconfigFile, file);
    await mkdir(join(dir, '.kube'));
    await writeFile(join(dir, '.kube', 'config'), 'apiVersion: v1\n');
    assert.equal(
      (await chooseKubeconfig({ HOME: dir })).kubeconfigFile,
      join(dir, '.kube', 'config'),
    );
    const inCluster = await chooseKubeconfig({ KUBERNETES_SERVICE_HOST: '10.0.0.1' });
    assert.equal(inCluster.kubeconfigFile, undefined);
    assert.match(inCluster.source, /in-cluster/);
  });

  it('leaves a list of files to the client to merge, after checking each', async () => {
    assert.equal(
      (await chooseKubeconfig({ KUBECONFIG: `${file}${delimiter}${file}` })).kubeconfigFile,
      undefined,
    );
    await assert.rejects(
      chooseKubeconfig({ KUBECONFIG: `${file}${delimiter}${join(dir, 'gone')}` }),
      hasCode('CLI_FILE_UNREADABLE', /kubeconfig .*gone: it does not exist/),
    );
  });

  it('fails with CLI_KUBECONFIG_INVALID when there is no configuration at all', async () => {
    await assert.rejects(
      chooseKubeconfig({ HOME: join(dir, 'nobody') }),
      hasCode('CLI_KUBECONFIG_INVALID', /set KUBECONFIG/),
    );
  });

  it("turns the client's load failure into CLI_KUBECONFIG_INVALID naming the source", async () => {
    const failing = () => Promise.reject(new Error('No active cluster!\nmore'));
    await assert.rejects(
      withKubeconfig({ KUBECONFIG: file }, failing),
      hasCode('CLI_KUBECONFIG_INVALID', /from \$KUBECONFIG \(.*config\): No active cluster!$/),
    );
    assert.equal(
      await withKubeconfig({ KUBECONFIG: file }, (o) => Promise.resolve(o.kubeconfigFile)),
      file,
    );
  });
});
