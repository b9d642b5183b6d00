/**
 * One registry client per distinct credential set. A client keeps per-registry bearer
 * tokens, so sharing one between workloads with different pull secrets would let a
 * workload ride on another's login; keeping one per fingerprint keeps connection reuse
 * without that leak. Bounded: the least recently used client is closed past the limit.
 */
import type { CredentialProvider } from '../../oci/credentials/index.js';
import { RegistryClient, type RegistryClientOptions } from '../../oci/remote/index.js';

/** Distinct credential sets kept warm; a cluster has tens of pull secrets, not thousands. */
export const MAX_REGISTRY_CLIENTS = 64;

export class RegistryClientPool {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(
    private readonly base: Omit<RegistryClientOptions, 'credentials'>,
    private readonly create: (options: RegistryClientOptions) => RegistryClient = (o) =>
      new RegistryClient(o),
  ) {}

  clientFor(fingerprint: string, credentials: CredentialProvider): RegistryClient {
    const existing = this.clients.get(fingerprint);
    if (existing !== undefined) {
      this.clients.delete(fingerprint);
      this.clients.set(fingerprint, existing);
      return existing;
    }
    const client = this.create({ ...this.base, credentials });
    this.clients.set(fingerprint, client);
    if (this.clients.size > MAX_REGISTRY_CLIENTS) {
      const [oldest, evicted] = this.clients.entries().next().value as [string, RegistryClient];
      this.clients.delete(oldest);
      // In-flight requests of the evicted client still finish: close waits for them.
      void evicted.close().catch(() => undefined);
    }
    return client;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }
}
