/**
 * `signet certs`: a private CA and a serving certificate for the webhook Service, written
 * as ca.crt, ca.key, tls.crt, tls.key; prints the caBundle for the webhook configurations
 * and the kubectl command that stores the pair as a Secret.
 */
import type { Command } from 'commander';
import { generateWebhookCertificates, writeWebhookCertificates } from '../../admission/index.js';
import type { CliContext } from '../context.js';
import { parseWholeNumber } from '../flag-values.js';
import { registerCertsGenerateTest } from './certs-generate-test.js';

interface CertsOptions {
  service: string;
  namespace: string;
  out: string;
  days: string;
}

export function registerCertsCommand(program: Command, context: CliContext): void {
  const certs = program
    .command('certs')
    .description('generate a CA and a serving certificate for the admission webhook Service')
    .option('--service <name>', 'the webhook Service name', 'signet-webhook')
    .option('--namespace <ns>', 'the namespace of the Service', 'signet-system')
    .requiredOption(
      '--out <dir>',
      'folder to write ca.crt, ca.key, tls.crt and tls.key to (must not hold them yet)',
    )
    .option('--days <n>', 'validity of the serving certificate in days', '365')
    .action(async (options: CertsOptions) => {
      const days = parseWholeNumber(options.days, '--days', { min: 1, max: 3650 });
      const certs = await generateWebhookCertificates({
        service: options.service,
        namespace: options.namespace,
        days,
      });
      const files = await writeWebhookCertificates(options.out, certs);
      context.console.err(
        [
          `wrote ${files.certificate} and ${files.privateKey} for ${certs.dnsNames.join(', ')} (valid until ${certs.notAfter.toISOString()})`,
          `wrote ${files.caCertificate} and ${files.caPrivateKey}; keep ca.key offline or delete it`,
          `store the serving pair: kubectl -n ${options.namespace} create secret tls ${options.service}-tls --cert ${files.certificate} --key ${files.privateKey}`,
          'caBundle for the webhook configurations (printed on stdout):',
        ].join('\n'),
      );
      context.console.out(certs.caBundle);
    })
    // Commander checks an ancestor's mandatory options for a subcommand too: --out belongs
    // to the serving-certificate action only, so it is filled before `generate-test` runs.
    .hook('preSubcommand', (command) => {
      if (command.getOptionValue('out') === undefined) command.setOptionValue('out', '');
    });
  registerCertsGenerateTest(certs, context);
}
