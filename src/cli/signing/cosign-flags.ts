/**
 * cosign's common flags, accepted with cosign's meaning so that pipelines written for
 * `cosign sign` / `cosign verify` run unchanged against `signet`:
 *
 * - `-y, --yes`: cosign asks before uploading to a public log; Signet never asks. No effect.
 * - `--rekor-url URL`: the transparency log, an alias of `--tlog-url`.
 * - `--tlog-upload=false` (sign): record nothing in a log, even with a log URL configured.
 * - `--insecure-ignore-tlog` (verify): do not check log entries.
 * - `--allow-insecure-registry`, `--allow-http-registry`: reach the images' registries over
 *   plain HTTP (Signet's `--insecure-registry HOST` for each image's registry).
 * - `--new-bundle-format[=false]` (sign): the bundle layout (true) or the legacy `.sig` tag.
 *   On verify, `=false` reads the legacy layout only (no referrers request, as cosign v3);
 *   otherwise both layouts are read.
 * - `--output-file FILE`: write what would go to stdout to FILE instead.
 * - `--trusted-root FILE` (verify): a Sigstore trusted root whose transparency logs are trusted.
 * - `--use-signing-config[=false]` (sign, cosign v3): Signet has no signing config; false is
 *   what it does anyway, true is refused rather than silently ignored.
 *
 * Boolean flags take cosign's (Go's strconv.ParseBool) spellings after `=`: `--flag=false`;
 * a bare `--flag` is true and never takes the next argument as its value.
 */
import { Option, type Command } from 'commander';
import { cliError } from '../errors.js';
import type { RegistryFlags } from '../options.js';

export interface CosignFlags {
  yes?: boolean;
  rekorUrl?: string;
  tlogUpload?: boolean;
  insecureIgnoreTlog?: boolean;
  allowInsecureRegistry?: boolean;
  allowHttpRegistry?: boolean;
  newBundleFormat?: boolean;
  outputFile?: string;
  trustedRoot?: string;
  useSigningConfig?: boolean;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** The boolean cosign flags declared on each command, for the `--flag=value` rewrite. */
const booleanFlags = new WeakMap<Command, Set<string>>();

/**
 * A Go-style boolean flag: bare `--flag` is true, `--flag=false` false, and unlike an
 * optional-value option it never swallows the next argument (`--flag IMAGE` keeps IMAGE
 * an image, as in cosign). Declared as commander's `--flag` / hidden `--no-flag` pair.
 */
function boolOption(command: Command, flag: string, description: string): Command {
  let flags = booleanFlags.get(command);
  if (flags === undefined) {
    flags = new Set();
    booleanFlags.set(command, flags);
    acceptGoBooleanValues(command, flags);
  }
  flags.add(flag);
  return command
    .option(`--${flag}`, `${description} (cosign: --${flag}=true|false)`)
    .addOption(new Option(`--no-${flag}`).hideHelp());
}

/** A Go-style boolean flag (see boolOption) for commands' own cosign flags. */
export function booleanCosignOption(command: Command, flag: string, description: string): Command {
  return boolOption(command, flag, description);
}

/**
 * Commander only splits `--flag=value` for options that take a value, so before parsing
 * the command's arguments, `--flag=true` becomes `--flag` and `--flag=false` `--no-flag`.
 */
function acceptGoBooleanValues(command: Command, flags: ReadonlySet<string>): void {
  const parse = command.parseOptions.bind(command);
  command.parseOptions = (args: string[]) =>
    parse(
      args.map((arg) => {
        const match = /^--([a-z-]+)=(.*)$/.exec(arg);
        if (match === null || !flags.has(match[1]!)) return arg;
        const [, flag, value] = match as unknown as [string, string, string];
        if (TRUE.has(value)) return `--${flag}`;
        if (FALSE.has(value)) return `--no-${flag}`;
        throw cliError('CLI_USAGE', `--${flag} takes true or false after "=", got "${value}"`);
      }),
    );
}

/** Flags both `sign` and `verify` take. */
function addSharedCosignFlags(command: Command): Command {
  command
    .option('-y, --yes', "cosign's confirmation skip; Signet never asks (no effect)")
    .option('--rekor-url <url>', "cosign's name for --tlog-url");
  return addCosignDownloadFlags(command);
}

/**
 * `sign-blob` / `verify-blob`: a plain base64 signature (`--new-bundle-format=false`), or a
 * Sigstore bundle (`--bundle FILE`, cosign v3's default `--new-bundle-format`), logged as
 * a hashedrekord when a log is given (`--tlog-url`/`--rekor-url`, unless
 * `--tlog-upload=false`). Verification reads bundles whatever `--new-bundle-format` says.
 */
export function addCosignBlobFlags(command: Command, role: 'sign' | 'verify'): Command {
  if (role === 'sign') {
    command
      .option('-y, --yes', "cosign's confirmation skip; Signet never asks (no effect)")
      .option('--rekor-url <url>', "cosign's name for --tlog-url");
    boolOption(command, 'tlog-upload', '=false: record nothing in a transparency log');
    boolOption(command, 'use-signing-config', 'cosign v3: only false is supported');
    boolOption(command, 'new-bundle-format', 'true needs --bundle; false signs plain base64');
  } else {
    boolOption(command, 'insecure-ignore-tlog', 'accept a bundle with no transparency-log entry');
    boolOption(command, 'new-bundle-format', 'no effect: --bundle says a bundle is read');
  }
  return command;
}

/**
 * `sign-blob`: `--new-bundle-format` (true) writes a bundle, so it needs `--bundle`; a log
 * entry is only kept in a bundle, so a log flag needs one too. The log from the
 * environment (`envUrl`, SIGNET_TLOG_URL) is used for bundles only: a plain signature
 * stays unlogged, as before bundles existed. Returns the log URL to record in, if any.
 */
export function blobSignLogUrl(
  flags: CosignFlags & { bundle?: string },
  tlogUrl: string | undefined,
  envUrl?: string,
): string | undefined {
  refuseSigningConfig(flags);
  if (flags.newBundleFormat === true && flags.bundle === undefined)
    throw cliError('CLI_USAGE', '--new-bundle-format writes a Sigstore bundle: give --bundle FILE');
  if (flags.newBundleFormat === false && flags.bundle !== undefined)
    throw cliError(
      'CLI_USAGE',
      '--bundle writes a Sigstore bundle: drop --new-bundle-format=false',
    );
  const flagUrl = tlogUrlFlag(tlogUrl, flags);
  if (flags.tlogUpload === false) return undefined;
  const url = flagUrl ?? (flags.bundle === undefined ? undefined : envUrl);
  if (flags.tlogUpload === true && url === undefined)
    throw cliError(
      'CLI_USAGE',
      '--tlog-upload: Signet has no default transparency log; give it with --tlog-url (or --rekor-url)',
    );
  if (url !== undefined && flags.bundle === undefined)
    throw cliError(
      'CLI_USAGE',
      'a log entry is kept in a Sigstore bundle: give --bundle FILE, or --tlog-upload=false',
    );
  return url;
}

/** `download signature`: the registry flags and `--output-file`. */
export function addCosignDownloadFlags(command: Command): Command {
  command.option('--output-file <file>', 'write the standard output to this file instead');
  boolOption(command, 'allow-insecure-registry', 'reach the images’ registries over plain HTTP');
  boolOption(command, 'allow-http-registry', 'reach the images’ registries over plain HTTP');
  return command;
}

export function addCosignSignFlags(command: Command): Command {
  addSharedCosignFlags(command);
  boolOption(command, 'tlog-upload', '=false: record nothing in a transparency log');
  boolOption(
    command,
    'new-bundle-format',
    'cosign v3: true signs in the bundle layout, false in the legacy .sig layout',
  );
  boolOption(command, 'use-signing-config', 'cosign v3: only false is supported (the default)');
  return command;
}

export function addCosignVerifyFlags(command: Command): Command {
  addSharedCosignFlags(command);
  boolOption(command, 'insecure-ignore-tlog', 'do not check transparency-log entries');
  boolOption(
    command,
    'new-bundle-format',
    '=false: read the legacy .sig layout only (no referrers request); default both layouts',
  );
  command.option(
    '--trusted-root <file>',
    'Sigstore trusted root JSON (cosign trusted-root create): trust its transparency logs',
  );
  return command;
}

/** The log URL from `--tlog-url` or cosign's `--rekor-url`; giving both differently is an error. */
export function tlogUrlFlag(tlogUrl: string | undefined, flags: CosignFlags): string | undefined {
  if (tlogUrl !== undefined && flags.rekorUrl !== undefined && tlogUrl !== flags.rekorUrl)
    throw cliError('CLI_USAGE', '--tlog-url and --rekor-url name different logs; give one');
  return tlogUrl ?? flags.rekorUrl;
}

/**
 * The registry flags with cosign's `--allow-insecure-registry` / `--allow-http-registry`
 * applied: the registries of the images given may be reached over plain HTTP.
 */
export function registryFlagsWithCosign<T extends RegistryFlags & CosignFlags>(
  flags: T,
  registries: readonly string[],
): T {
  const allowed = flags.allowInsecureRegistry === true || flags.allowHttpRegistry === true;
  if (!allowed) return flags;
  return {
    ...flags,
    insecureRegistry: [...new Set([...(flags.insecureRegistry ?? []), ...registries])],
  };
}

/** `--use-signing-config=true` asks for a Sigstore signing config Signet does not implement. */
export function refuseSigningConfig(flags: CosignFlags): void {
  if (flags.useSigningConfig === true)
    throw cliError(
      'CLI_USAGE',
      '--use-signing-config: Signet has no Sigstore signing config; give the log with --tlog-url (or --rekor-url) instead',
    );
}
