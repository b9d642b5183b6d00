/**
 * `verify --trusted-root FILE`, as cosign takes it: a Sigstore trusted root (for instance
 * from `cosign trusted-root create --rekor="url=…,public-key=…,start-time=…"`) whose
 * transparency logs are trusted to have recorded signatures. Only the logs' keys are used:
 * verification by key needs no certificate authority, CT log or TSA.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parseTrustedRoot } from '../../signing/trust/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

export async function trustedRootLogKeys(file: string): Promise<KeyObject[]> {
  const root = parseTrustedRoot(await readTextFile(file), file);
  const keys = root.tlogs.map((log, i) => {
    try {
      // parseTrustedRoot checked that every log key has its bytes: DER SubjectPublicKeyInfo.
      return createPublicKey({
        key: Buffer.from(log.publicKey!.rawBytes!),
        format: 'der',
        type: 'spki',
      });
    } catch (error) {
      throw cliError(
        'CLI_USAGE',
        `${file}: tlogs[${i}].publicKey is not a DER public key: ${(error as Error).message}`,
      );
    }
  });
  if (keys.length === 0)
    throw cliError('CLI_USAGE', `${file} lists no transparency log (tlogs is empty)`);
  return keys;
}
