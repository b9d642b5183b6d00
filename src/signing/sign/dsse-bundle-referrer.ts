/**
 * The cosign v3 layout shared by `signet sign --layout bundle` and `signet attest
 * --layout bundle`: a signed DSSE envelope, optionally recorded as a Rekor `dsse` entry,
 * wrapped in a Sigstore bundle and pushed as an OCI referrer of the image. One place, so
 * that signatures and attestations are written the same way.
 */
import type { PrivateKey } from '../../core/keys/index.js';
import type { DsseEnvelope } from '../../core/dsse.js';
import type { Descriptor } from '../../oci/manifest/index.js';
import { withDigest, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { bundleKeyHint, encodeDsseBundle, transparencyLogEntryJson } from '../bundle/index.js';
import { pushBundleReferrer, type SignatureLocation } from '../remote/index.js';
import type { LogEntryJson } from '../../tlog/entry/index.js';
import type { LoggedEntry } from './transparency-log.js';

/** The image pinned by digest, and the repository its signatures go to (`signatureRepository` or its own). */
export function signatureTargets(
  ref: ImageReference,
  digest: string,
  signatureRepository: SignatureLocation | undefined,
): { image: ImageReference; store: ImageReference } {
  const own = { registry: ref.registry, repository: ref.repository };
  return { image: withDigest(own, digest), store: signatureRepository ?? own };
}

/** Returns the referrer manifest's digest. `recorded` is the log entry made for `envelope`. */
export async function pushDsseBundleReferrer(
  client: RegistryClient,
  store: ImageReference,
  subject: Descriptor,
  key: PrivateKey,
  envelope: DsseEnvelope,
  recorded: { readonly entry: LogEntryJson; readonly logged: LoggedEntry } | undefined,
  predicateType: string,
  now: (() => Date) | undefined,
): Promise<string> {
  const bundle = encodeDsseBundle(
    envelope,
    bundleKeyHint(key.publicKey),
    recorded === undefined ? [] : [transparencyLogEntryJson(recorded.entry)],
  );
  return pushBundleReferrer(client, store, subject, bundle, {
    predicateType,
    ...(now === undefined ? {} : { created: now() }),
  });
}
