import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackRegistry, registryEndpoint } from './registry-host.js';

describe('registryEndpoint', () => {
  const CASES = [
    ['docker.io', 'registry-1.docker.io'],
    ['index.docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
    ['[::1]:5000', '[::1]:5000'],
    ['docker.io:443', 'docker.io:443'],
  ] as const;
  for (const [registry, endpoint] of CASES) {
    it(`contacts ${endpoint} for ${registry}`, () => {
      assert.equal(registryEndpoint(registry), endpoint);
    });
  }
});

describe('isLoopbackRegistry', () => {
  const LOOPBACK = [
    'localhost',
    'localhost:5000',
    'LOCALHOST:5000',
    '127.0.0.1',
    '127.0.0.1:5000',
    '127.1.2.3:80',
    '127.255.255.255',
    '[::1]',
    '[::1]:5000',
    '[0:0:0:0:0:0:0:1]:5000',
    '[::0:1]',
  ];
  const NOT_LOOPBACK = [
    'docker.io',
    'localhost.example.com',
    'localhost.example.com:5000',
    '127.0.0.1.nip.io',
    '127.0.0.1.example.com:5000',
    'evil.com:127',
    '128.0.0.1',
    '127.0.0',
    '127.0.0.256',
    '127.0.0.01',
    '0177.0.0.1',
    '[::2]',
    '[::]',
    '[::1:1]',
    '[1::1]',
    '[::1',
    '[::1]x',
    'localhost:port',
    '10.0.0.1:5000',
  ];
  for (const registry of LOOPBACK) {
    it(`treats ${registry} as this machine`, () =>
      assert.equal(isLoopbackRegistry(registry), true));
  }
  for (const registry of NOT_LOOPBACK) {
    it(`does not treat ${registry} as this machine`, () => {
      assert.equal(isLoopbackRegistry(registry), false);
    });
  }
});
