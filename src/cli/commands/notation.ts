/**
 * `signet notation sign|verify|list`: Notary Project signatures, in their own command group
 * rather than as `signet sign --notation`. Their trust model is not cosign's: a certificate
 * chain instead of a key, a trust store and a trust policy document instead of `--key`,
 * a signature format and signing scheme; folding those into `signet sign`/`verify` would
 * give those commands flags that mean nothing for the other families. The group mirrors
 * `notation sign|verify|list`, so a notation user finds the same words, and reads
 * notation's trust policy and trust store from the same default places.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerNotationList } from './notation-list.js';
import { registerNotationSign } from './notation-sign.js';
import { registerNotationVerify } from './notation-verify.js';

export function registerNotationCommands(program: Command, context: CliContext): void {
  const group = program
    .command('notation')
    .description('sign and verify Notary Project signatures (JWS/COSE, X.509 trust policies)');
  registerNotationSign(group, context);
  registerNotationVerify(group, context);
  registerNotationList(group, context);
}
