/**
 * Evidence for `signet policy test`: the shared registry evidence of the policy engine,
 * with keys named by `key.secretRef` taken from files given as `--key-secret NAME=FILE`
 * (outside a cluster there are no Secrets to read).
 */
import type { RegistryClient } from '../../oci/remote/index.js';
import type { PolicyEvidence } from '../../policy/index.js';
import { registryEvidence } from '../../pipeline/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

/** A PEM public key (or CA certificate chain) file named by --key-secret. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Reads every `--key-secret` file before anything is evaluated: a file the user named
 * that cannot be read is CLI_FILE_UNREADABLE (exit 3), not a policy denial of each image.
 */
export async function readKeySecretFiles(
  files: Readonly<Record<string, string>>,
): Promise<Map<string, string>> {
  const read = Object.entries(files).map(
    async ([name, file]) =>
      [
        name,
        await readTextFile(file, {
          what: `--key-secret ${name} file`,
          maxBytes: MAX_KEY_FILE_BYTES,
        }),
      ] as const,
  );
  return new Map(await Promise.all(read));
}

/** `secretKeys`: the PEM of each secret name, from readKeySecretFiles. */
export function fileSecretEvidence(
  client: RegistryClient,
  secretKeys: ReadonlyMap<string, string>,
): PolicyEvidence {
  return registryEvidence({
    client,
    readSecret(name) {
      const pem = secretKeys.get(name);
      if (pem === undefined) {
        return Promise.reject(
          cliError(
            'CLI_USAGE',
            `no key given for secret "${name}"; pass --key-secret ${name}=FILE with the PEM public key (or, for keyless.ca-cert, the PEM CA certificates)`,
          ),
        );
      }
      return Promise.resolve(pem);
    },
  });
}
