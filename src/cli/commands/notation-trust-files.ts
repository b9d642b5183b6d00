/**
 * Where `signet notation verify` finds notation's trust material when no flag names it:
 * `$XDG_CONFIG_HOME/notation` (default `~/.config/notation`), `trustpolicy.oci.json`
 * first and then the older `trustpolicy.json`, and the `truststore` folder beside them,
 * as notation 1.2+ looks them up.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  loadTrustMaterial,
  parseTrustPolicy,
  type TrustMaterial,
  type TrustPolicyDocument,
} from '../../signing/notation/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

export interface TrustFlags {
  trustPolicy?: string;
  trustStore?: string;
  crl?: string[];
}

export function notationConfigDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'notation');
}

export async function loadNotationTrust(
  flags: TrustFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ policy: TrustPolicyDocument; trust: TrustMaterial; policyFile: string }> {
  const config = notationConfigDirectory(env);
  const policyFile =
    flags.trustPolicy ??
    [join(config, 'trustpolicy.oci.json'), join(config, 'trustpolicy.json')].find((f) =>
      existsSync(f),
    );
  if (policyFile === undefined)
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `no trust policy given (--trust-policy) and none in ${config}; write one (see docs/notation.md)`,
    );
  const policy = parseTrustPolicy(
    await readTextFile(policyFile, { what: 'trust policy', maxBytes: 1024 * 1024 }),
    policyFile,
  );
  const trust = await loadTrustMaterial(
    flags.trustStore ?? join(config, 'truststore'),
    policy,
    flags.crl ?? [],
  );
  return { policy, trust, policyFile };
}
