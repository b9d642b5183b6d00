/**
 * Signing images with GPG simple signing and storing each signature in the image's
 * lookaside store (a file:// folder) or on a Signet signature server (upload API). The
 * signed identity is the image's full reference with the tag as given, as `skopeo copy
 * --sign-by` writes it; the digest is resolved from the registry.
 */
import type { RegistryClient } from '../../oci/remote/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { signSimpleSignature } from '../../signing/gpg/index.js';
import {
  uploadLookasideSignature,
  writeLookasideSignature,
  type StoredSignature,
  type UploadTarget,
} from '../../signing/lookaside/index.js';
import { readCliFile, readSecretLine } from './files.js';
import { manifestDigestOf } from './image-signatures.js';
import { lookasideSource } from './lookaside-source.js';

export interface LookasideUpload {
  readonly url: string;
  /** Never logged. */
  readonly token: string;
  /** PEM CA certificates trusted for an https:// server, besides the system's. */
  readonly caCertificates?: readonly string[];
  /** Send the token over plain http:// beyond loopback (`--allow-insecure-token`). */
  readonly allowInsecureToken?: boolean;
}

export interface GpgSignImagesOptions {
  readonly images: readonly string[];
  /** An OpenPGP private key (armored or binary); never logged. */
  readonly gpgKeyFile: string;
  readonly passphraseFile?: string;
  /** Chooses the key when the file holds several (primary-key fingerprint). */
  readonly fingerprint?: string;
  readonly registriesDir?: string;
  /** Store for every image: a folder or file:// URL. */
  readonly lookaside?: string;
  /** Upload to a Signet signature server instead of writing files. */
  readonly lookasideUpload?: LookasideUpload;
  readonly client: RegistryClient;
  readonly now?: Date;
}

export interface GpgSignResult {
  readonly image: string;
  readonly digest: string;
  /** The docker reference written into the signature. */
  readonly identity: string;
  readonly signerFingerprint: string;
  readonly stored: StoredSignature;
}

export async function gpgSignImages(options: GpgSignImagesOptions): Promise<GpgSignResult[]> {
  const privateKey = await readCliFile(options.gpgKeyFile, 'GPG private key');
  const passphrase =
    options.passphraseFile === undefined
      ? undefined
      : await readSecretLine(options.passphraseFile, 'passphrase file');
  const source = await lookasideSource(options);
  const results: GpgSignResult[] = [];
  for (const input of options.images) {
    const ref = parseReference(input);
    const digest = await manifestDigestOf(options.client, ref);
    const name = `${ref.registry}/${ref.repository}`;
    const identity = ref.tag !== undefined ? `${name}:${ref.tag}` : `${name}@${digest}`;
    const { signature, signerFingerprint } = await signSimpleSignature({
      privateKey,
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
      dockerReference: identity,
      manifestDigest: digest,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    const image = { repository: ref.repository, digest };
    const stored =
      options.lookasideUpload !== undefined
        ? await uploadLookasideSignature(uploadTarget(options.lookasideUpload), image, signature)
        : await writeLookasideSignature(
            { ...image, base: source.baseFor(ref, 'write') },
            signature,
          );
    results.push({ image: input, digest, identity, signerFingerprint, stored });
  }
  return results;
}

function uploadTarget(upload: LookasideUpload): UploadTarget {
  return {
    server: new URL(upload.url),
    token: upload.token,
    ...(upload.caCertificates === undefined ? {} : { caCertificates: upload.caCertificates }),
    ...(upload.allowInsecureToken === undefined
      ? {}
      : { allowInsecureToken: upload.allowInsecureToken }),
  };
}
