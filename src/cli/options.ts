/**
 * Options shared by many commands, declared once so that every command spells and
 * documents them the same way.
 */
import type { Command } from 'commander';
import { parseOutputFormat } from './context.js';
import { parseDuration } from './flag-values.js';
import type { OutputFormat } from './output.js';

export interface OutputOptions {
  output: OutputFormat;
}

export function addOutputOption(command: Command): Command {
  return command.option(
    '-o, --output <format>',
    'output format: text or json',
    (value: string) => parseOutputFormat(value),
    'text' as OutputFormat,
  );
}

export interface RegistryFlags {
  registryUsername?: string;
  registryPassword?: string;
  dockerConfig?: string;
  pullSecret?: string[];
  insecureRegistry?: string[];
  caFile?: string[];
  /** Milliseconds, from `--timeout` (a bare number there is seconds). */
  timeout?: number;
}

/** Commander argument parser for repeatable options: collects every value in order. */
export function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * 1 ms is pointless but harmless; past an hour a typo (milliseconds written as seconds)
 * would leave a pipeline hanging instead of failing.
 */
const REGISTRY_TIMEOUT_RANGE = { min: 1, max: 3_600_000 };

function registryTimeout(value: string): number {
  return parseDuration(value, '--timeout', REGISTRY_TIMEOUT_RANGE);
}

export function addRegistryOptions(command: Command): Command {
  return command
    .option('--registry-username <name>', 'registry user name (or SIGNET_REGISTRY_USERNAME)')
    .option(
      '--registry-password <password>',
      'registry password (prefer SIGNET_REGISTRY_PASSWORD: arguments are visible to other users)',
    )
    .option('--docker-config <path>', 'docker config.json (or its folder) to read credentials from')
    .option(
      '--pull-secret <file>',
      'a kubernetes.io/dockerconfigjson Secret (YAML or JSON) to read credentials from; repeatable',
      collectValues,
    )
    .option(
      '--insecure-registry <host>',
      'reach this registry over plain HTTP (loopback registries always may); repeatable',
      collectValues,
    )
    .option(
      '--ca-file <pem>',
      'extra CA certificates to trust for registries; repeatable',
      collectValues,
    )
    .option(
      '--timeout <duration>',
      'timeout of each registry request: 30 (seconds), 30s, 500ms, 2m (default 30s)',
      registryTimeout,
    );
}
