/**
 * `signet verify --offline --signatures FILE IMAGE@sha256:…`: verifies a signature file
 * without any network. The file is what `signet download signature` or `cosign download
 * signature` printed (one bundle or signature per line), or Signet's older signature set.
 * cosign's lines do not name the image, so the image must be pinned by digest; nothing in
 * the file is trusted: every payload and statement must name that digest and verify.
 */
import { formatReference, repositoryOf, type ImageReference } from '../../oci/reference/index.js';
import { parseSignatureFile, type ImageVerifier } from '../../signing/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';
import type { ImageReport } from './verify-report.js';

export interface OfflineOptions {
  readonly signatures?: string;
  readonly checkReference?: boolean;
}

export async function verifyOffline(
  refs: readonly ImageReference[],
  verifier: ImageVerifier,
  options: OfflineOptions,
): Promise<ImageReport[]> {
  if (options.signatures === undefined)
    throw cliError(
      'CLI_USAGE',
      '--offline needs --signatures FILE (from `signet download signature IMAGE` or `cosign download signature IMAGE`)',
    );
  if (refs.length !== 1)
    throw cliError('CLI_USAGE', '--offline verifies one image: a signature file is for one digest');
  const ref = refs[0] as ImageReference;
  if (ref.digest === undefined)
    throw cliError(
      'CLI_USAGE',
      `--offline needs the image pinned by digest (IMAGE@sha256:…), got ${formatReference(ref)}`,
    );
  const text = await readTextFile(options.signatures);
  const set = parseSignatureFile(text, options.signatures, ref.digest);
  const result = verifier.verify(
    set,
    options.checkReference === true ? { dockerReference: repositoryOf(ref) } : {},
  );
  const reference = formatReference({ ...ref, tag: undefined });
  return [{ reference, givenReference: formatReference(ref), digest: ref.digest, result }];
}
