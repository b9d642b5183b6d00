/**
 * The admission webhook (in process) with one ClusterImagePolicy trusting the key of an
 * image factory on an in-memory registry, recording its decisions in `store`: the setup
 * the decision-recording end-to-end tests (forwarding, Gatekeeper records, dashboard) share.
 */
import type { KubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer, AdmissionServerOptions } from '../../src/admission/server/index.js';
import { startInMemoryRegistry } from '../../src/testing/in-memory-registry.js';
import {
  imageFactory,
  makeCertificates,
  policiesFor,
  removeCertificates,
  startWebhook,
  type Certificates,
  type ImageFactory,
} from './admission-harness.js';

export interface TrustedWebhook {
  readonly registry: Awaited<ReturnType<typeof startInMemoryRegistry>>;
  readonly certs: Certificates;
  readonly images: ImageFactory;
  readonly webhook: AdmissionServer;
  /** Stops the webhook, the images' client and the registry and removes the certificates. */
  close(): Promise<void>;
}

export async function startTrustedWebhook(
  kubernetes: KubernetesReader,
  store: AdmissionServerOptions['store'],
): Promise<TrustedWebhook> {
  const registry = await startInMemoryRegistry();
  const certs = await makeCertificates();
  const images = await imageFactory(registry.host);
  const webhook = await startWebhook(
    certs,
    kubernetes,
    policiesFor(images.trusted.publicKey.pem),
    store === undefined ? {} : { store },
  );
  return {
    registry,
    certs,
    images,
    webhook,
    async close() {
      await webhook.close();
      await images.close();
      await registry.stop();
      await removeCertificates(certs);
    },
  };
}
