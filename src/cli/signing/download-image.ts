/**
 * What `signet download signature` and `signet download attestation` share: the image
 * reference, the signature repository (`--signature-repository`, SIGNET_REPOSITORY or
 * COSIGN_REPOSITORY), a registry client from the registry and cosign flags, the tag
 * resolved to its digest (said on stderr, as cosign does), the found problems printed as
 * warnings, and the lines written to `--output-file` or stdout.
 */
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import type { SignatureLocation } from '../../signing/remote/index.js';
import type { CliContext } from '../context.js';
import type { RegistryFlags } from '../options.js';
import { registryClientFrom } from '../registry-client.js';
import { registryFlagsWithCosign, type CosignFlags } from './cosign-flags.js';
import { withOutputFile } from './output-file.js';
import { signatureRepositoryFrom } from './signing-options.js';

export interface DownloadFlags extends RegistryFlags, CosignFlags {
  signatureRepository?: string;
}

export interface PinnedDownload {
  readonly client: RegistryClient;
  readonly image: ImageReference & { digest: string };
  readonly store: SignatureLocation | undefined;
}

/** Runs `read` on the pinned image, then prints its warnings and writes its lines. */
export async function downloadFromImage(
  context: CliContext,
  reference: string,
  options: DownloadFlags & { outputFile?: string },
  read: (
    pinned: PinnedDownload,
  ) => Promise<{ problems: readonly string[]; lines: readonly string[] }>,
): Promise<void> {
  const ref = parseReference(reference);
  const store = signatureRepositoryFrom(options.signatureRepository, context.env);
  const registry = registryFlagsWithCosign(options, [ref.registry]);
  const client = await registryClientFrom(registry, context.env, ref.registry, context);
  try {
    const digest = await client.resolveDigest(ref);
    if (ref.digest === undefined)
      context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
    const { problems, lines } = await read({
      client,
      image: { ...withDigest(ref, digest), digest },
      store,
    });
    for (const problem of problems) context.console.err(`warning: ${problem}`);
    await withOutputFile(context, options.outputFile, (console) => {
      for (const line of lines) console.out(line);
    });
  } finally {
    await client.close();
  }
}
