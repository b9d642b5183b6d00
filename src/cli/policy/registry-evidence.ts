/**
 * Evidence for the policy engine read from a registry with cosign's legacy layout
 * (cosign specs/SIGNATURE_SPEC.md): the `[prefix]sha256-<hex>.sig` and `.att` tags in the
 * signature repository, one layer per signature or attestation. Bytes are returned
 * unverified (blob digests are checked by the client); the engine verifies signatures.
 */
import { readFile } from 'node:fs/promises';
import { isSignetError, type SignetError } from '../../core/errors.js';
import { attachmentTag, type TagSuffix } from '../../oci/attachments/index.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import type { AttestationEnvelope, PolicyEvidence, SignatureSource } from '../../policy/index.js';
import {
  CosignMediaType,
  MAX_PAYLOAD_BYTES,
  type SignatureLayer,
} from '../../signing/cosign/index.js';
import { cliError } from '../errors.js';

/** Layers read per tag: cosign appends one per signing, so real tags hold a handful. Bounds registry traffic. */
const MAX_LAYERS = 100;
/** An attestation envelope: SBOM attestations run to megabytes; beyond this is not a real one. */
const MAX_ENVELOPE_BYTES = 32 * 1024 * 1024;
/** A PEM public key file named by --key-secret. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export function registryEvidence(
  client: RegistryClient,
  secretFiles: ReadonlyMap<string, string>,
): PolicyEvidence {
  return {
    async fetchSignatures(image, source) {
      const layers = await attachmentLayers(
        client,
        image,
        source,
        'sig',
        CosignMediaType.SimpleSigning,
      );
      const out: SignatureLayer[] = [];
      for (const layer of layers) {
        const payload = await client.readBlob(source.repository, layer.digest, MAX_PAYLOAD_BYTES);
        out.push({ mediaType: layer.mediaType, payload, annotations: layer.annotations ?? {} });
      }
      return out;
    },
    async fetchAttestations(image, source, predicateType) {
      const layers = await attachmentLayers(
        client,
        image,
        source,
        'att',
        CosignMediaType.DsseEnvelope,
      );
      const out: AttestationEnvelope[] = [];
      for (const layer of layers) {
        const annotated = layer.annotations?.['predicateType'];
        // The annotation is unsigned, so it only saves downloads; the engine checks the statement.
        if (annotated !== undefined && annotated !== predicateType) continue;
        const envelope = await client.readBlob(source.repository, layer.digest, MAX_ENVELOPE_BYTES);
        out.push({ envelope, annotations: layer.annotations ?? {} });
      }
      return out;
    },
    async readSecret(name) {
      const file = secretFiles.get(name);
      if (file === undefined) {
        throw cliError(
          'CLI_USAGE',
          `no key given for secret "${name}"; pass --key-secret ${name}=FILE with the PEM public key`,
        );
      }
      const text = await readFile(file, 'utf8');
      if (text.length > MAX_KEY_FILE_BYTES)
        throw cliError('CLI_FILE_UNREADABLE', `${file} is too large for a public key`);
      return text;
    },
  };
}

async function attachmentLayers(
  client: RegistryClient,
  image: ImageReference,
  source: SignatureSource,
  suffix: TagSuffix,
  mediaType: string,
) {
  const tag = source.tagPrefix + attachmentTag(image.digest as string, suffix);
  let manifest;
  try {
    manifest = await client.getManifest({ ...source.repository, tag });
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  if (manifest.parsed.kind !== 'image') return [];
  return manifest.parsed.manifest.layers
    .filter((l) => l.mediaType === mediaType)
    .slice(0, MAX_LAYERS);
}

function isNotFound(error: unknown): error is SignetError {
  return isSignetError(error) && error.code === 'REGISTRY_NOT_FOUND';
}
