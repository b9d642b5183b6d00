/**
 * `verify --trusted-root FILE`, as cosign takes it: a Sigstore trusted root (for instance
 * from `cosign trusted-root create --rekor="url=…,public-key=…,start-time=…"`) whose
 * transparency logs are trusted to have recorded signatures. Only the logs' keys are used:
 * verification by key needs no certificate authority, CT log or TSA.
 */
import { createPublicKey } from 'node:crypto';
import type { WindowedLogKey } from '../../signing/index.js';
import { parseTrustedRoot } from '../../signing/trust/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

/** Each log's key with its validity window (`publicKey.validFor`), as cosign applies it. */
export async function trustedRootLogKeys(file: string): Promise<WindowedLogKey[]> {
  const root = parseTrustedRoot(await readTextFile(file), file);
  const keys = root.tlogs.map((log, i) => {
    let key;
    try {
      // parseTrustedRoot checked that every log key has its bytes: DER SubjectPublicKeyInfo.
      key = createPublicKey({
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
    const { start, end } = log.publicKey!.validFor ?? {};
    return {
      key,
      ...(start === undefined ? {} : { validFrom: start }),
      ...(end === undefined ? {} : { validUntil: end }),
    };
  });
  if (keys.length === 0)
    throw cliError('CLI_USAGE', `${file} lists no transparency log (tlogs is empty)`);
  return keys;
}
