/**
 * Trust material for Notary Project verification, loaded once and handed in (verification
 * stays pure): certificates of named trust stores by type (`ca`, `signingAuthority`,
 * `tsa`, laid out by notation as `x509/<type>/<name>/*.crt|pem`) and certificate
 * revocation lists given locally.
 */
import type { X509Certificate } from 'node:crypto';
import type { X509Crl } from '@peculiar/x509';
import type { TrustStoreType } from './trust-policy-types.js';

export interface TrustStore {
  /** Certificates of store `type:name`; undefined when there is no such store. */
  certificates(type: TrustStoreType, name: string): readonly X509Certificate[] | undefined;
}

export interface TrustMaterial {
  readonly trustStore: TrustStore;
  /** CRLs to check revocation against; none means revocation cannot be established. */
  readonly crls: readonly X509Crl[];
}

/** A trust store from certificates in memory, keyed `type:name`. */
export function memoryTrustStore(
  stores: Readonly<Record<string, readonly X509Certificate[]>>,
): TrustStore {
  return { certificates: (type, name) => stores[`${type}:${name}`] };
}
