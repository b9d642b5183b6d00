/**
 * The registries registry-facing tests run against: the real distribution 2.8 (no
 * referrers API) and the embedded one (with it). Use as
 *
 *   for (const target of registryTargets()) {
 *     describe(target.name, { skip: target.skipReason }, () => { ... target.start() ... });
 *   }
 */
import { realRegistrySkipReason, startDistributionRegistry } from './distribution-registry.js';
import { startInMemoryRegistry } from './in-memory-registry.js';
import type { RunningRegistry } from './running-registry.js';

export interface RegistryTarget {
  readonly name: 'distribution' | 'embedded';
  /** Set when this target must be skipped; print it (node:test does for `skip: reason`). */
  readonly skipReason?: string;
  start(): Promise<RunningRegistry>;
}

export interface RegistryTargetOptions {
  /** 'basic' is htpasswd for distribution and Basic users for the embedded registry. Default 'none'. */
  readonly auth?: 'none' | 'basic';
}

export function registryTargets(options: RegistryTargetOptions = {}): RegistryTarget[] {
  const basic = options.auth === 'basic';
  return [
    {
      name: 'distribution',
      skipReason: realRegistrySkipReason(),
      start: () => startDistributionRegistry({ auth: basic ? 'htpasswd' : 'none' }),
    },
    { name: 'embedded', start: () => startInMemoryRegistry({ auth: basic ? 'basic' : 'none' }) },
  ];
}
