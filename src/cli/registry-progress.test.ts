import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../oci/remote/index.js';
import { parseReference } from '../oci/reference/index.js';
import { captureConsole } from '../testing/capture-console.js';
import {
  FIRST_NOTICE_AFTER_MS,
  SlowRegistryNotices,
  shouldReportProgress,
  withSlowRegistryNotices,
} from './registry-progress.js';

const later = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('notices about slow registries', () => {
  it('says once per interval that it is still waiting, however many calls are in flight', async () => {
    const console = captureConsole();
    const notices = new SlowRegistryNotices(console);
    const slow = later(FIRST_NOTICE_AFTER_MS + 400, 'answer');
    const results = await Promise.all([
      notices.track('registry.example', slow),
      notices.track('registry.example', slow),
    ]);
    assert.deepEqual(results, ['answer', 'answer']);
    assert.match(console.stderr, /^still waiting for registry registry\.example \(2 s\)…\n$/);
  });

  it('says nothing about a registry that answers in time', async () => {
    const console = captureConsole();
    await new SlowRegistryNotices(console).track('fast.example', later(10, 1));
    assert.equal(console.stderr, '');
  });

  it('shows notices in text, and with JSON only to a person at a terminal', () => {
    const plain = captureConsole();
    assert.equal(shouldReportProgress({ console: plain, format: 'text' }), true);
    assert.equal(shouldReportProgress({ console: plain, format: 'json' }), false);
    const terminal = { ...plain, errIsTerminal: true };
    assert.equal(shouldReportProgress({ console: terminal, format: 'json' }), true);
  });

  it('keeps the client working: results, errors and close pass through', async () => {
    const client = withSlowRegistryNotices(
      new RegistryClient(),
      new SlowRegistryNotices(captureConsole()),
    );
    const ref = parseReference(`127.0.0.1:9/app@sha256:${'c'.repeat(64)}`);
    assert.equal(await client.resolveDigest(ref), `sha256:${'c'.repeat(64)}`);
    await assert.rejects(client.getManifest(ref), { code: 'REGISTRY_UNAVAILABLE' });
    await client.close();
  });
});
