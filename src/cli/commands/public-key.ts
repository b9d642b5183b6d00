/** `signet public-key --key REF`: prints the public key PEM of a key (file, env://VAR, k8s://NS/NAME). */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { loadPublicKey } from '../signing/key-loading.js';

export function registerPublicKeyCommand(program: Command, context: CliContext): void {
  program
    .command('public-key')
    .description('print the public key (PEM) of a private or public key')
    .requiredOption('--key <ref>', 'key file, env://VAR or k8s://NAMESPACE/NAME')
    .action(async (options: { key: string }) => {
      const key = await loadPublicKey(options.key, context.env);
      context.console.out(key.pem);
    });
}
