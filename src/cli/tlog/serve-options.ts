/**
 * The optional protections of `signet serve tlog`, from flags to server options: TLS
 * (`--tls-cert`, `--tls-key`, `--client-ca`), write tokens (`--write-token-file`) and a
 * per-client write rate (`--write-rate`, `--write-burst`). All off by default, so that the
 * log takes anonymous writes over plain HTTP as Rekor does.
 */
import { parseWriteTokens, type TlogServerOptions } from '../../tlog/server/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';

export interface TlogProtectionFlags {
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  writeTokenFile?: string;
  writeRate?: string;
  writeBurst?: string;
}

/** Above Rekor's public limit (975 requests a minute) by far; a typo, not a policy, beyond. */
const MAX_WRITE_RATE = 1_000_000;

export async function tlogProtectionOptions(
  flags: TlogProtectionFlags,
): Promise<Pick<TlogServerOptions, 'tls' | 'write'>> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw cliError('CLI_USAGE', '--tls-cert and --tls-key go together');
  }
  if (flags.clientCa !== undefined && flags.tlsCert === undefined) {
    throw cliError(
      'CLI_USAGE',
      '--client-ca needs --tls-cert and --tls-key: client certificates need TLS',
    );
  }
  if (flags.writeBurst !== undefined && flags.writeRate === undefined) {
    throw cliError('CLI_USAGE', '--write-burst needs --write-rate');
  }
  const rate = flags.writeRate === undefined ? undefined : parseRate(flags.writeRate);
  const burst =
    flags.writeBurst === undefined
      ? Math.max(1, Math.ceil(rate ?? 1))
      : parseBurst(flags.writeBurst);
  const tls =
    flags.tlsCert === undefined || flags.tlsKey === undefined
      ? undefined
      : {
          certificatePem: await readTextFile(flags.tlsCert, { what: '--tls-cert' }),
          privateKeyPem: await readTextFile(flags.tlsKey, { what: '--tls-key' }),
          ...(flags.clientCa === undefined
            ? {}
            : { clientCaPem: await readTextFile(flags.clientCa, { what: '--client-ca' }) }),
        };
  const tokens =
    flags.writeTokenFile === undefined
      ? undefined
      : parseWriteTokens(
          await readTextFile(flags.writeTokenFile, { what: '--write-token-file' }),
          flags.writeTokenFile,
        );
  return {
    tls,
    write: {
      ...(tokens === undefined ? {} : { tokens }),
      ...(rate === undefined ? {} : { rateLimit: { ratePerSecond: rate, burst } }),
    },
  };
}

/** Writes per second per client: a positive decimal such as 10 or 0.5. */
function parseRate(value: string): number {
  const rate = /^[0-9]{1,7}(\.[0-9]{1,6})?$/.test(value) ? Number(value) : NaN;
  if (!(rate > 0 && rate <= MAX_WRITE_RATE)) {
    throw cliError(
      'CLI_USAGE',
      `--write-rate must be a number of writes per second above 0 and at most ${MAX_WRITE_RATE}, such as 10 or 0.5, got "${value}"`,
    );
  }
  return rate;
}

function parseBurst(value: string): number {
  const burst = /^[0-9]{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(burst >= 1 && burst <= MAX_WRITE_RATE)) {
    throw cliError(
      'CLI_USAGE',
      `--write-burst must be a whole number from 1 to ${MAX_WRITE_RATE}, got "${value}"`,
    );
  }
  return burst;
}

/** What the start-up line says about the protections. */
export function describeProtections(options: Pick<TlogServerOptions, 'tls' | 'write'>): string {
  const parts = [
    ...(options.tls?.clientCaPem === undefined ? [] : ['client certificates may write']),
    ...(options.write?.tokens === undefined
      ? []
      : [`${options.write.tokens.count} write token(s)`]),
    ...(options.write?.rateLimit === undefined
      ? []
      : [
          `writes limited to ${options.write.rateLimit.ratePerSecond}/s per client (burst ${options.write.rateLimit.burst})`,
        ]),
  ];
  return parts.length === 0 ? 'anyone may write' : parts.join(', ');
}
