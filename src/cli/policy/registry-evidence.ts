/**
 * Evidence for `signet policy test`: the shared registry evidence of the policy engine,
 * with keys named by `key.secretRef` read from files given as `--key-secret NAME=FILE`
 * (outside a cluster there are no Secrets to read).
 */
import type { RegistryClient } from '../../oci/remote/index.js';
import { registryEvidence, type PolicyEvidence } from '../../policy/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

/** A PEM public key file named by --key-secret. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export function fileSecretEvidence(
  client: RegistryClient,
  secretFiles: ReadonlyMap<string, string>,
): PolicyEvidence {
  return registryEvidence({
    client,
    async readSecret(name) {
      const file = secretFiles.get(name);
      if (file === undefined) {
        throw cliError(
          'CLI_USAGE',
          `no key given for secret "${name}"; pass --key-secret ${name}=FILE with the PEM public key`,
        );
      }
      return readTextFile(file, {
        what: `public key of secret "${name}"`,
        maxBytes: MAX_KEY_FILE_BYTES,
      });
    },
  });
}
