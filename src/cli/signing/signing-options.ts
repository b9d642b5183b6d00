/**
 * Flags shared by the signing commands: `-a k=v` annotations and the signature
 * repository (`--signature-repository`, else SIGNET_REPOSITORY or cosign's COSIGN_REPOSITORY).
 */
import { parseReference } from '../../oci/reference/index.js';
import type { SignatureLocation } from '../../signing/index.js';
import { cliError } from '../errors.js';

export function collectAnnotation(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw cliError('CLI_USAGE', `-a must be KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function signatureRepositoryFrom(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): SignatureLocation | undefined {
  const value = flag ?? env['SIGNET_REPOSITORY'] ?? env['COSIGN_REPOSITORY'];
  if (value === undefined || value === '') return undefined;
  const lastSegment = value.slice(value.lastIndexOf('/') + 1);
  if (value.includes('@') || lastSegment.includes(':')) {
    throw cliError(
      'CLI_USAGE',
      `the signature repository must be a repository without tag or digest, got "${value}"`,
    );
  }
  const ref = parseReference(value);
  return { registry: ref.registry, repository: ref.repository };
}
