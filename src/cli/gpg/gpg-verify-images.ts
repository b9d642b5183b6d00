/**
 * Verifying the GPG simple signatures of images against trusted keys, with the identity
 * rule policy.json uses by default (matchRepoDigestOrExact: an image checked by tag needs a
 * signature for that tag, one checked by digest accepts any tag of its repository). One
 * accepted signature is enough; every signature gets an outcome.
 */
import type { SignetError } from '../../core/errors.js';
import { parseReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import {
  loadKeyring,
  verifyImageSignatures,
  type SignatureOutcome,
} from '../../signing/gpg/index.js';
import { dockerPolicyIdentity } from '../../signing/lookaside/index.js';
import { gpgCliError } from './errors.js';
import { readCliFile } from './files.js';
import { imageSignatures, manifestDigestOf } from './image-signatures.js';
import { lookasideSource } from './lookaside-source.js';

export interface GpgVerifyImagesOptions {
  readonly images: readonly string[];
  readonly keyringFiles: readonly string[];
  readonly registriesDir?: string;
  readonly lookaside?: string;
  readonly client: RegistryClient;
  readonly now?: Date;
}

export interface GpgVerifyResult {
  readonly image: string;
  readonly digest: string;
  readonly verified: boolean;
  readonly outcomes: readonly SignatureOutcome[];
  /** Set when not verified: GPG_IMAGE_UNSIGNED or GPG_IMAGE_NOT_VERIFIED, naming the image. */
  readonly error?: SignetError;
}

export async function gpgVerifyImages(options: GpgVerifyImagesOptions): Promise<GpgVerifyResult[]> {
  const keyring = await loadKeyring(
    await Promise.all(
      options.keyringFiles.map(async (file) => ({
        name: file,
        data: await readCliFile(file, 'keyring'),
      })),
    ),
  );
  const source = await lookasideSource(options);
  const results: GpgVerifyResult[] = [];
  for (const image of options.images) {
    const ref = parseReference(image);
    const digest = await manifestDigestOf(options.client, ref);
    const found = await imageSignatures(options.client, source, ref, digest);
    const identity = dockerPolicyIdentity(ref);
    const outcomes = await verifyImageSignatures({
      signatures: found.simpleSigning.map((bytes) => ({ kind: 'simple-signing' as const, bytes })),
      keyring,
      now: options.now ?? new Date(),
      image: identity,
      manifestDigest: digest,
      dockerReference: identity,
      identityRule: { type: 'matchRepoDigestOrExact' },
    });
    const verified = outcomes.some((o) => o.kind === 'accepted');
    results.push({
      image,
      digest,
      verified,
      outcomes,
      ...(verified ? {} : { error: failure(identity, outcomes) }),
    });
  }
  return results;
}

function failure(image: string, outcomes: readonly SignatureOutcome[]): SignetError {
  if (outcomes.length === 0) {
    return gpgCliError(
      'GPG_IMAGE_UNSIGNED',
      `${image} has no GPG signature in its lookaside store; sign it (signet gpg sign) or check --lookaside / registries.d`,
    );
  }
  const reasons = outcomes.map((o) =>
    o.kind === 'rejected' ? o.error.message : `${o.source}: ${o.kind}`,
  );
  return gpgCliError(
    'GPG_IMAGE_NOT_VERIFIED',
    `${image}: none of ${outcomes.length} GPG signature(s) is valid: ${reasons.join('; ')}`,
  );
}
