/**
 * Flags shared by `signet check image` and `signet check deployment`, and the plan they
 * build: policies loaded and compiled once, keys named by `--key-secret`, the report given
 * with `--vuln-report`, retries, and the registry client.
 */
import type { Command } from 'commander';
import { loadSecurityPolicies } from '../../check/index.js';
import {
  compileSecurityPolicies,
  type CompiledSecurityPolicySet,
} from '../../policy/security/index.js';
import {
  applyOpenVex,
  parseVulnerabilityReport,
  type VulnerabilityReport,
} from '../../signing/sbom/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { nameValuePairs, parseDuration, parseWholeNumber } from '../flag-values.js';
import { addRegistryOptions, collectValues, type RegistryFlags } from '../options.js';
import { readKeySecretFiles } from '../policy/registry-evidence.js';
import { refuseInvalidPolicies } from '../policy/policy-problems.js';
import { readCliFileBytes } from '../read-text-file.js';
import { loadLogKey } from '../tlog/log-access.js';
import type { TlogTrust } from '../../signing/index.js';

export const CHECK_OUTPUTS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
export type CheckOutput = (typeof CHECK_OUTPUTS)[number];

export type CheckFlags = RegistryFlags & {
  policy?: string[];
  keySecret?: string[];
  tlogKey?: string[];
  vulnReport?: string;
  vex?: string[];
  output: CheckOutput;
  retries: number;
  retryDelay: number;
  send?: string;
  token?: string;
  pipeline?: string;
  run?: string;
};

/** Scanner reports of large images run to tens of megabytes. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** roxctl's defaults: three retries, three seconds apart. */
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY = '3s';

export function addCheckFlags(command: Command): Command {
  command
    .option(
      '--policy <path>',
      'a SecurityPolicy file or folder; repeatable (default: the shipped set)',
      collectValues,
    )
    .option(
      '--key-secret <name=file>',
      'the PEM public key a key.secretRef name stands for; repeatable',
      collectValues,
    )
    .option(
      '--tlog-key <file>',
      'PEM public key of a transparency log whose entries of key signatures are verified and reported; repeatable',
      collectValues,
    )
    .option(
      '--vuln-report <file>',
      'a vulnerability report: Trivy JSON, Grype JSON, SARIF 2.1 or a cosign vuln predicate',
    )
    .option(
      '--vex <file>',
      'an OpenVEX document applied to the vulnerability report; repeatable',
      collectValues,
    )
    .option(
      '-o, --output <format>',
      `output format: ${CHECK_OUTPUTS.join(', ')}`,
      parseOutput,
      'table' as CheckOutput,
    )
    .option(
      '--retries <n>',
      `retries when a registry is unavailable (default ${DEFAULT_RETRIES})`,
      (v: string) => parseWholeNumber(v, '--retries', { min: 0, max: 100 }),
      DEFAULT_RETRIES,
    )
    .option(
      '--retry-delay <duration>',
      `wait between retries: 500ms, 3s, 1m (default ${DEFAULT_RETRY_DELAY})`,
      (v: string) => parseDuration(v, '--retry-delay', { min: 0, max: 600_000 }),
      parseDuration(DEFAULT_RETRY_DELAY, '--retry-delay', { min: 0, max: 600_000 }),
    )
    .option(
      '--send <url>',
      'record the report in a Signet server (POST <url>/api/v1/check-results)',
    )
    .option('--token <file>', 'file holding the bearer token for --send')
    .option(
      '--pipeline <name>',
      'pipeline name recorded with --send (default: from the CI environment)',
    )
    .option('--run <id>', 'run id recorded with --send (default: from the CI environment)');
  return addRegistryOptions(command);
}

function parseOutput(value: string): CheckOutput {
  const found = CHECK_OUTPUTS.find((o) => o === value);
  if (found === undefined)
    throw cliError(
      'CLI_USAGE',
      `--output must be one of ${CHECK_OUTPUTS.join(', ')}, got "${value}"`,
    );
  return found;
}

export interface LoadedCheckInputs {
  readonly set: CompiledSecurityPolicySet;
  readonly secrets: Map<string, string>;
  /** `--tlog-key`: logs whose entries of verified key signatures are reported. */
  readonly trustedLogs?: TlogTrust;
  readonly vulnerabilities?: VulnerabilityReport;
}

/** Everything read from files, before any registry is contacted: bad input fails fast. */
export async function loadCheckInputs(
  context: CliContext,
  flags: CheckFlags,
): Promise<LoadedCheckInputs> {
  if (flags.send !== undefined && flags.token === undefined)
    throw cliError('CLI_USAGE', '--send needs --token FILE with the bearer token');
  const secrets = await readKeySecretFiles(nameValuePairs(flags.keySecret ?? [], '--key-secret'));
  const loaded = await loadSecurityPolicies(flags.policy ?? []);
  refuseInvalidPolicies(context, loaded.problems, 'SecurityPolicy files', 'run again');
  const set = compileSecurityPolicies(loaded.documents);
  const logKeys = await Promise.all((flags.tlogKey ?? []).map((file) => loadLogKey(file)));
  const base = {
    set,
    secrets,
    ...(logKeys.length === 0 ? {} : { trustedLogs: { keys: logKeys } }),
  };
  if (flags.vulnReport === undefined) {
    if (flags.vex !== undefined)
      throw cliError('CLI_USAGE', '--vex applies to --vuln-report; give the report too');
    return base;
  }
  const bytes = await readCliFileBytes(flags.vulnReport, {
    what: '--vuln-report',
    maxBytes: MAX_REPORT_BYTES,
  });
  let vulnerabilities = parseVulnerabilityReport(bytes, flags.vulnReport);
  for (const file of flags.vex ?? []) {
    const vex = await readCliFileBytes(file, { what: '--vex', maxBytes: MAX_REPORT_BYTES });
    vulnerabilities = applyOpenVex(vulnerabilities, vex, file);
  }
  return { ...base, vulnerabilities };
}
