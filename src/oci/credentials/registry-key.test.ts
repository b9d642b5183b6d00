import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registryKeyOf } from './registry-key.js';

describe('registryKeyOf', () => {
  const CASES = [
    ['ghcr.io', 'ghcr.io'],
    ['GHCR.IO', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://localhost:5000/v2/', 'localhost:5000'],
    ['registry.example.com/team/app', 'registry.example.com'],
    ['[::1]:5000', '[::1]:5000'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['docker.io:443', 'docker.io:443'],
    ['https://', ''],
    ['', ''],
  ] as const;
  for (const [name, key] of CASES) {
    it(`stores ${JSON.stringify(name)} as ${JSON.stringify(key)}`, () =>
      assert.equal(registryKeyOf(name), key));
  }
});
