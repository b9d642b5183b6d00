/**
 * Compiles a Notation authority once: its statement becomes a one-statement trust policy
 * document with the wildcard scope (the policy's `images` globs already chose the image),
 * its inline certificates a trust store and its CRLs parsed lists, so that each image
 * evaluation only verifies.
 */
import { X509Certificate } from 'node:crypto';
import { parsePemBlocks } from '../core/pem.js';
import { parseCrl } from '../signing/notation/crl.js';
import { validateTrustPolicy } from '../signing/notation/trust-policy.js';
import type { TrustPolicyDocument } from '../signing/notation/trust-policy-types.js';
import { memoryTrustStore, type TrustMaterial } from '../signing/notation/trust-store.js';
import type { AuthoritySpec } from './types.js';

export type NotationAuthority = Extract<AuthoritySpec, { kind: 'notation' }>;

export interface CompiledNotationAuthority {
  readonly kind: 'notation';
  readonly spec: NotationAuthority;
  readonly trustPolicy: TrustPolicyDocument;
  readonly trust: TrustMaterial;
}

export function compileNotationAuthority(spec: NotationAuthority): CompiledNotationAuthority {
  const n = spec.notation;
  const trustPolicy = validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: spec.name,
          registryScopes: ['*'],
          signatureVerification: {
            level: n.level,
            ...(Object.keys(n.override).length === 0 ? {} : { override: n.override }),
          },
          trustStores: n.trustStores,
          trustedIdentities: n.trustedIdentities,
        },
      ],
    },
    `authority "${spec.name}"`,
  );
  const stores: Record<string, X509Certificate[]> = {};
  for (const [store, pem] of Object.entries(n.certificates)) {
    stores[store] = parsePemBlocks(pem, store)
      .filter((b) => b.type === 'CERTIFICATE')
      .map((b) => new X509Certificate(b.der));
  }
  return {
    kind: 'notation',
    spec,
    trustPolicy,
    trust: {
      trustStore: memoryTrustStore(stores),
      crls: n.crls.map((pem, i) => parseCrl(pem, `crls[${i}] of authority "${spec.name}"`)),
    },
  };
}
