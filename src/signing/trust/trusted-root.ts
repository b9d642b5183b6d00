/**
 * Sigstore trusted roots (`application/vnd.dev.sigstore.trustedroot+json`, protobuf-specs
 * TrustedRoot): the Fulcio CAs, Rekor and CT log keys and TSAs a bundle is checked
 * against. Read from a file (`--trusted-root`, cosign's flag) or from the public-good
 * root shipped in `@sigstore/tuf` (public-good.ts).
 *
 * The file is trust configuration, so it is validated strictly before use: a log key
 * without a validity start would let any old or future entry count as in-window, and
 * sigstore-go refuses such roots, so Signet does too.
 */
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { errorFactory } from '../../core/errors.js';
import { TRUST_ERRORS } from './errors.js';

const fail = errorFactory(TRUST_ERRORS);

/** Real roots are a few kilobytes; 4 MiB leaves room for many CAs and bounds a bad file. */
export const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

const MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.trustedroot';

/**
 * Parses and validates a trusted root. `source` names the file (or "the Sigstore
 * public-good trusted root") in every error message.
 */
export function parseTrustedRoot(text: string, source: string): TrustedRoot {
  if (text.length > MAX_TRUSTED_ROOT_BYTES) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: larger than ${MAX_TRUSTED_ROOT_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: not a JSON object`);
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith(MEDIA_TYPE_PREFIX)) {
    throw fail(
      'TRUSTED_ROOT_INVALID',
      `${source}: mediaType must start with ${MEDIA_TYPE_PREFIX}, got ${JSON.stringify(mediaType)}`,
    );
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch (error) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: ${(error as Error).message}`);
  }
  const problems = [
    ...root.tlogs.map((log, i) => keyProblem(`tlogs[${i}]`, log.publicKey)),
    ...root.ctlogs.map((log, i) => keyProblem(`ctlogs[${i}]`, log.publicKey)),
    ...root.certificateAuthorities.map((ca, i) =>
      ca.certChain === undefined || ca.certChain.certificates.length === 0
        ? `certificateAuthorities[${i}].certChain has no certificates`
        : ca.validFor?.start === undefined
          ? `certificateAuthorities[${i}].validFor.start is missing`
          : undefined,
    ),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) {
    throw fail('TRUSTED_ROOT_INVALID', `${source}: ${problems.join('; ')}`);
  }
  return root;
}

function keyProblem(
  path: string,
  key: TrustedRoot['tlogs'][number]['publicKey'],
): string | undefined {
  if (key?.rawBytes === undefined || key.rawBytes.length === 0) {
    return `${path}.publicKey.rawBytes is missing`;
  }
  if (key.validFor?.start === undefined) return `${path}.publicKey.validFor.start is missing`;
  return undefined;
}
