/**
 * Flags shared by the signing commands: `-a k=v` annotations, the signature repository
 * (`--signature-repository`, else SIGNET_REPOSITORY or cosign's COSIGN_REPOSITORY), the
 * credentials for a transparency log that restricts writes, and the GPG-only flags that
 * `sign --key` refuses.
 */
import type { Command } from 'commander';
import { parseReference } from '../../oci/reference/index.js';
import type { SignatureLocation } from '../../signing/index.js';
import type { LogWriteCredentials } from '../../signing/sign/transparency-log.js';
import { cliError } from '../errors.js';
import { readSecretLine } from '../gpg/files.js';
import { readTextFile } from '../read-text-file.js';

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

/** GPG simple signing's flags, by their option names; `signet sign --key` has no use for them. */
const GPG_ONLY_FLAGS = {
  registriesD: '--registries-d',
  lookaside: '--lookaside',
  gpgPassphraseFile: '--gpg-passphrase-file',
  fingerprint: '--fingerprint',
  upload: '--upload',
  uploadTokenFile: '--upload-token-file',
  allowInsecureToken: '--allow-insecure-token',
} as const;

/** A GPG flag given with `--key` would be ignored silently; the user meant something by it. */
export function refuseGpgOnlyFlags(options: Partial<Record<keyof typeof GPG_ONLY_FLAGS, unknown>>) {
  for (const [name, flag] of Object.entries(GPG_ONLY_FLAGS)) {
    if (options[name as keyof typeof GPG_ONLY_FLAGS] !== undefined)
      throw cliError(
        'CLI_USAGE',
        `${flag} applies only to GPG simple signing (--gpg-key), not --key`,
      );
  }
}

export interface TlogCredentialFlags {
  tlogWriteTokenFile?: string;
  tlogClientCert?: string;
  tlogClientKey?: string;
  tlogCaFile?: string;
}

/** Named after `signet serve tlog`'s --write-token-file and --client-ca, which they answer. */
export function addTlogCredentialOptions(command: Command): Command {
  return command
    .option(
      '--tlog-write-token-file <file>',
      'file whose first line is a write token of the log (signet serve tlog --write-token-file)',
    )
    .option(
      '--tlog-client-cert <file>',
      'client certificate PEM to write to a log served with --client-ca (with --tlog-client-key)',
    )
    .option('--tlog-client-key <file>', 'private key PEM of --tlog-client-cert')
    .option('--tlog-ca-file <file>', "CA certificates PEM to trust the log's https:// certificate");
}

/** The log credential flags given, by name. */
export function tlogCredentialFlagsGiven(flags: TlogCredentialFlags): string[] {
  return Object.entries({
    '--tlog-write-token-file': flags.tlogWriteTokenFile,
    '--tlog-client-cert': flags.tlogClientCert,
    '--tlog-client-key': flags.tlogClientKey,
    '--tlog-ca-file': flags.tlogCaFile,
  })
    .filter(([, value]) => value !== undefined)
    .map(([flag]) => flag);
}

/**
 * Reads the credential files for the log at `url` (undefined: nothing is logged). Checked
 * first: a flag that could not take effect is a usage error, not a silent no-op.
 */
export async function logWriteCredentialsFrom(
  flags: TlogCredentialFlags,
  url: string | undefined,
): Promise<LogWriteCredentials> {
  const given = tlogCredentialFlagsGiven(flags);
  const first = given[0];
  if (first === undefined) return {};
  if (url === undefined)
    throw cliError('CLI_USAGE', `${first} needs a transparency log to write to (--tlog-url)`);
  if ((flags.tlogClientCert === undefined) !== (flags.tlogClientKey === undefined))
    throw cliError('CLI_USAGE', '--tlog-client-cert and --tlog-client-key go together');
  const plainHttp = /^http:\/\//i.test(url);
  const tlsOnly = given.find((flag) => flag !== '--tlog-write-token-file');
  if (plainHttp && tlsOnly !== undefined)
    throw cliError('CLI_USAGE', `${tlsOnly} needs an https:// --tlog-url, got ${url}`);
  // Anyone on the path could read the token and write to the log with it.
  if (plainHttp && flags.tlogWriteTokenFile !== undefined && !isLoopbackUrl(url))
    throw cliError(
      'CLI_USAGE',
      `--tlog-write-token-file: the token would travel in clear to ${url}; use an https:// --tlog-url`,
    );
  return {
    ...(flags.tlogWriteTokenFile === undefined
      ? {}
      : { bearerToken: await writeToken(flags.tlogWriteTokenFile) }),
    ...(flags.tlogCaFile === undefined
      ? {}
      : { caPem: await readTextFile(flags.tlogCaFile, { what: '--tlog-ca-file' }) }),
    ...(flags.tlogClientCert === undefined || flags.tlogClientKey === undefined
      ? {}
      : {
          clientCertificate: {
            certificatePem: await readTextFile(flags.tlogClientCert, {
              what: '--tlog-client-cert',
            }),
            privateKeyPem: await readTextFile(flags.tlogClientKey, { what: '--tlog-client-key' }),
          },
        }),
  };
}

async function writeToken(file: string): Promise<string> {
  const token = (await readSecretLine(file, '--tlog-write-token-file')).trim();
  if (token === '')
    throw cliError('CLI_USAGE', `--tlog-write-token-file ${file} holds no token on its first line`);
  return token;
}

function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false; // the log client reports the malformed URL itself
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
