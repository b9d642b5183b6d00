/**
 * The validated form of an OCI trust policy document (Notary Project
 * trust-store-trust-policy.md, version 1.0): statements chosen by registry scope, each
 * with a verification level, per-check overrides, trust stores and trusted identities.
 */
import type { DistinguishedName } from './distinguished-name.js';
import type { VerificationCheck } from './errors.js';

export type VerificationLevel = 'strict' | 'permissive' | 'audit' | 'skip';
export type CheckAction = 'enforce' | 'log' | 'skip';
export type TrustStoreType = 'ca' | 'signingAuthority' | 'tsa';
export const TRUST_STORE_TYPES: readonly TrustStoreType[] = ['ca', 'signingAuthority', 'tsa'];

/**
 * What each level does with each check (the specification's table): integrity is always
 * enforced; permissive logs timestamp, expiry and revocation; audit enforces integrity only.
 */
export const LEVEL_ACTIONS: Readonly<
  Record<VerificationLevel, Readonly<Record<VerificationCheck, CheckAction>>>
> = {
  strict: {
    integrity: 'enforce',
    authenticity: 'enforce',
    authenticTimestamp: 'enforce',
    expiry: 'enforce',
    revocation: 'enforce',
  },
  permissive: {
    integrity: 'enforce',
    authenticity: 'enforce',
    authenticTimestamp: 'log',
    expiry: 'log',
    revocation: 'log',
  },
  audit: {
    integrity: 'enforce',
    authenticity: 'log',
    authenticTimestamp: 'log',
    expiry: 'log',
    revocation: 'log',
  },
  skip: {
    integrity: 'skip',
    authenticity: 'skip',
    authenticTimestamp: 'skip',
    expiry: 'skip',
    revocation: 'skip',
  },
};

export interface TrustStoreRef {
  readonly type: TrustStoreType;
  readonly name: string;
}

export type TrustedIdentity =
  | { readonly kind: 'any' }
  | { readonly kind: 'subject'; readonly text: string; readonly subject: DistinguishedName };

export interface TrustPolicyStatement {
  readonly name: string;
  /** `registry/repository` values, or the single `*`. */
  readonly registryScopes: readonly string[];
  readonly level: VerificationLevel;
  /** The level's actions with the statement's overrides applied. */
  readonly actions: Readonly<Record<VerificationCheck, CheckAction>>;
  readonly trustStores: readonly TrustStoreRef[];
  readonly trustedIdentities: readonly TrustedIdentity[];
}

export interface TrustPolicyDocument {
  readonly version: '1.0';
  readonly statements: readonly TrustPolicyStatement[];
}
