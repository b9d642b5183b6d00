import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatekeeperManifest, gatekeeperSkipReason } from './gatekeeper.js';

describe('gatekeeperManifest', { skip: gatekeeperSkipReason() }, () => {
  it('reads the published manifest of the pinned Gatekeeper from the module cache', async () => {
    const manifest = await gatekeeperManifest();
    const names = (kind: string) =>
      manifest.filter((m) => m.kind === kind).map((m) => m.metadata.name);
    assert.ok(names('CustomResourceDefinition').includes('providers.externaldata.gatekeeper.sh'));
    assert.ok(
      names('CustomResourceDefinition').includes('constrainttemplates.templates.gatekeeper.sh'),
    );
    assert.deepEqual(names('ServiceAccount'), ['gatekeeper-admin']);
    assert.deepEqual(names('ValidatingWebhookConfiguration'), [
      'gatekeeper-validating-webhook-configuration',
    ]);
  });
});
