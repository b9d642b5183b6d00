/**
 * `signet certs generate-test NAME`: a key and self-signed code-signing certificate for
 * Notary Project signatures, as `notation cert generate-test` makes: subject
 * `C=US, ST=WA, L=Seattle, O=Notary, CN=NAME` (C, ST and O let a trust policy name it with
 * `x509.subject:`), RSA 2048 by default, valid for 365 days. With `--trust-store DIR` the
 * certificate is also added to trust store `ca:NAME` there, laid out as notation's.
 * For tests and trials only: production signing keys come from a real PKI.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  issueCertificate,
  TEST_KEY_TYPES,
  type TestKeyType,
} from '../../signing/notation/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseWholeNumber } from '../flag-values.js';

interface GenerateTestOptions {
  dir: string;
  keyType: string;
  days: string;
  trustStore?: string;
}

const NAME = /^[a-zA-Z0-9_.-]+$/;

export function registerCertsGenerateTest(certs: Command, context: CliContext): void {
  certs
    .command('generate-test')
    .description('generate a test key and self-signed certificate for Notary Project signing')
    .argument('<name>', 'certificate common name, file names and trust store name')
    .option('--dir <dir>', 'folder to write NAME.key and NAME.crt to', '.')
    .option('--key-type <type>', `key type: ${TEST_KEY_TYPES.join(', ')}`, 'rsa-2048')
    .option('--days <n>', 'validity in days', '365')
    .option(
      '--trust-store <dir>',
      'also add the certificate to trust store ca:NAME under this trust store folder',
    )
    .action(async (name: string, options: GenerateTestOptions) => {
      if (!NAME.test(name))
        throw cliError('CLI_USAGE', `name "${name}" may hold only letters, digits, _, . and -`);
      const keyType = TEST_KEY_TYPES.find((t): t is TestKeyType => t === options.keyType);
      if (keyType === undefined)
        throw cliError(
          'CLI_USAGE',
          `--key-type must be one of ${TEST_KEY_TYPES.join(', ')}, got "${options.keyType}"`,
        );
      const days = parseWholeNumber(options.days, '--days', { min: 1, max: 3650 });
      const issued = await issueCertificate({
        subject: `C=US, ST=WA, L=Seattle, O=Notary, CN=${name}`,
        role: 'leaf',
        keyType,
        notAfter: new Date(Date.now() + days * 86_400_000),
      });
      await mkdir(options.dir, { recursive: true });
      const keyFile = join(options.dir, `${name}.key`);
      const certFile = join(options.dir, `${name}.crt`);
      await writeNew(keyFile, issued.privateKeyPem, 0o600);
      await writeNew(certFile, issued.certificatePem, 0o644);
      context.console.err(
        `wrote ${keyFile} (${keyType}) and ${certFile}, valid until ${issued.certificate.validTo}`,
      );
      if (options.trustStore !== undefined) {
        const store = join(options.trustStore, 'x509', 'ca', name);
        await mkdir(store, { recursive: true });
        await copyFile(certFile, join(store, `${name}.crt`));
        context.console.err(`added ${name}.crt to trust store ca:${name} in ${options.trustStore}`);
      }
      context.console.out(`x509.subject: ${issued.certificate.subject.replace(/\n/g, ', ')}`);
    });
}

/** Flag wx: never overwrite a key someone may already sign with. */
async function writeNew(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { mode, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw cliError('CLI_USAGE', `${path} already exists; choose another name or --dir`, {
      cause: error,
    });
  }
}
