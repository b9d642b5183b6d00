/**
 * `signet verify` keyless, with cosign's flags: who signed (`--certificate-identity[-regexp]`,
 * `--certificate-oidc-issuer[-regexp]`, `--certificate-github-workflow-*`) and whom to
 * trust for it:
 *
 * - `--trusted-root FILE`: a Sigstore trusted root (CAs, logs, CT logs, TSAs);
 * - `--certificate-chain FILE` (intermediates then the root), or `--ca-roots FILE` with
 *   optional `--ca-intermediates FILE`: a private CA instead of Fulcio;
 * - otherwise the Sigstore public-good root shipped in @sigstore/tuf (offline).
 *
 * Transparency-log keys from `--tlog-key FILE`, cosign's `SIGSTORE_REKOR_PUBLIC_KEY`, or
 * (with a warning) the key `--rekor-url`/`--tlog-url` serves are trusted beside the root's
 * logs. `--insecure-ignore-tlog` and `--insecure-ignore-sct` drop those requirements.
 */
import type { Command } from 'commander';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { compileIdentityPolicy, type KeylessTrust } from '../../signing/keyless/index.js';
import {
  chainFileRoot,
  customTrustedRoot,
  mergeTrustedRoots,
  parseTrustedRoot,
  publicGoodTrustedRoot,
  type CustomRootInput,
} from '../../signing/trust/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';
import { addCertificateIdentityOptions, type BundleIdentityFlags } from './bundle-verification.js';
import { booleanCosignOption } from './cosign-flags.js';
import { tlogTrustFrom } from './verify-tlog-trust.js';

export interface KeylessFlags extends BundleIdentityFlags {
  certificateGithubWorkflowTrigger?: string;
  certificateGithubWorkflowSha?: string;
  certificateGithubWorkflowName?: string;
  certificateGithubWorkflowRepository?: string;
  certificateGithubWorkflowRef?: string;
  certificateChain?: string;
  caRoots?: string;
  caIntermediates?: string;
  insecureIgnoreSct?: boolean;
  insecureIgnoreTlog?: boolean;
  trustedRoot?: string;
  tlogKey?: string[];
  tlogUrl?: string;
}

/** cosign's variable naming a custom Rekor public key file (cosign pkg/cosign/tlog.go). */
export const REKOR_KEY_ENV = 'SIGSTORE_REKOR_PUBLIC_KEY';

export function addKeylessVerifyOptions(command: Command): Command {
  addCertificateIdentityOptions(command);
  for (const claim of ['trigger', 'sha', 'name', 'repository', 'ref'])
    command.option(
      `--certificate-github-workflow-${claim} <value>`,
      `expected GitHub workflow ${claim} in the certificate (Fulcio extension)`,
    );
  command
    .option(
      '--certificate-chain <file>',
      'PEM chain of a private CA (intermediates, then the root) to verify certificates with',
    )
    .option('--ca-roots <file>', 'PEM root certificates of a private CA')
    .option('--ca-intermediates <file>', 'PEM intermediate certificates for --ca-roots');
  booleanCosignOption(command, 'insecure-ignore-sct', 'accept certificates without an SCT');
  return command;
}

export async function keylessTrustFrom(
  context: CliContext,
  flags: KeylessFlags,
): Promise<KeylessTrust> {
  const identity = compileIdentityPolicy({
    ...optional('identity', flags.certificateIdentity),
    ...optional('identityRegexp', flags.certificateIdentityRegexp),
    ...optional('issuer', flags.certificateOidcIssuer),
    ...optional('issuerRegexp', flags.certificateOidcIssuerRegexp),
    githubWorkflow: {
      ...optional('trigger', flags.certificateGithubWorkflowTrigger),
      ...optional('sha', flags.certificateGithubWorkflowSha),
      ...optional('name', flags.certificateGithubWorkflowName),
      ...optional('repository', flags.certificateGithubWorkflowRepository),
      ...optional('ref', flags.certificateGithubWorkflowRef),
    },
  });
  let root = await baseRoot(flags);
  const envKey = context.env[REKOR_KEY_ENV];
  const tlogKey = [...(flags.tlogKey ?? []), ...(envKey === undefined ? [] : [envKey])];
  // The root's own logs are already in it; only extra keys are fetched or read here.
  const extra = await tlogTrustFrom(context, {
    tlogKey,
    ...(flags.tlogUrl === undefined || root.tlogs.length > 0 ? {} : { tlogUrl: flags.tlogUrl }),
  });
  if (extra !== undefined) {
    const logKeys = extra.keys.map((k) => ('key' in k ? k : { key: k }));
    const logUrl = flags.tlogUrl;
    root = mergeTrustedRoots(
      root,
      customTrustedRoot({ logKeys, ...(logUrl === undefined ? {} : { logUrl }) }),
    );
  }
  if (root.tlogs.length === 0 && flags.insecureIgnoreTlog !== true)
    throw cliError(
      'CLI_USAGE',
      'no transparency log is trusted: give --tlog-key FILE (or --rekor-url, or a --trusted-root with tlogs), or --insecure-ignore-tlog',
    );
  return {
    root,
    identities: [identity],
    ...(flags.insecureIgnoreTlog === true ? { ignoreTlog: true } : {}),
    ...(flags.insecureIgnoreSct === true ? { ignoreSct: true } : {}),
  };
}

async function baseRoot(flags: KeylessFlags): Promise<TrustedRoot> {
  const custom = flags.certificateChain !== undefined || flags.caRoots !== undefined;
  if (flags.certificateChain !== undefined && flags.caRoots !== undefined)
    throw cliError('CLI_USAGE', 'give --certificate-chain or --ca-roots, not both');
  if (flags.caIntermediates !== undefined && flags.caRoots === undefined)
    throw cliError('CLI_USAGE', '--ca-intermediates needs --ca-roots');
  let input: CustomRootInput | undefined;
  if (flags.certificateChain !== undefined) {
    input = chainFileRoot(await pem(flags.certificateChain), flags.certificateChain);
  } else if (flags.caRoots !== undefined) {
    input = {
      roots: { pem: await pem(flags.caRoots), source: flags.caRoots },
      ...(flags.caIntermediates === undefined
        ? {}
        : {
            intermediates: { pem: await pem(flags.caIntermediates), source: flags.caIntermediates },
          }),
    };
  }
  if (flags.trustedRoot !== undefined) {
    const file = parseTrustedRoot(
      await readTextFile(flags.trustedRoot, { what: 'trusted root' }),
      flags.trustedRoot,
    );
    return input === undefined ? file : mergeTrustedRoots(file, customTrustedRoot(input));
  }
  return custom ? customTrustedRoot(input!) : publicGoodTrustedRoot();
}

function pem(file: string): Promise<string> {
  return readTextFile(file, { what: 'certificate file' });
}

function optional<K extends string>(
  name: K,
  value: string | undefined,
): Partial<Record<K, string>> {
  return (value === undefined ? {} : { [name]: value }) as Partial<Record<K, string>>;
}
