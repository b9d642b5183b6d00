/**
 * Starts the real CNCF distribution registry (`docker-registry` 2.8, Debian package) on a
 * loopback ephemeral port with its own temporary storage, deletes enabled, and optionally
 * htpasswd (bcrypt) or token authentication. Tests run the same cases against it and the
 * embedded registry; it is the reference for what a registry without the referrers API does.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { trackChild, trackDirectory, untrackDirectory } from './child-cleanup.js';
import { freeLoopbackPort } from './free-port.js';
import type { RegistryCredentials, RunningRegistry } from './running-registry.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export const DISTRIBUTION_BINARY = '/usr/bin/docker-registry';

export interface DistributionRegistryOptions {
  /** Default 'none'. */
  readonly auth?: 'none' | 'htpasswd' | 'token';
  /** Default DISTRIBUTION_BINARY; tests of the starter point it elsewhere. */
  readonly binary?: string;
}

/** Set SIGNET_SKIP_REAL_REGISTRY=1 to skip tests that need docker-registry; returns the reason to print. */
export function realRegistrySkipReason(): string | undefined {
  return process.env.SIGNET_SKIP_REAL_REGISTRY === '1'
    ? 'SIGNET_SKIP_REAL_REGISTRY=1: tests against the real distribution registry are skipped'
    : undefined;
}

/** Start-up wait: distribution answers within a second; 20 s leaves room on a loaded CI machine. */
const READY_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 5;

async function htpasswdLine(credentials: RegistryCredentials): Promise<string> {
  const { stdout } = await promisify(execFile)('htpasswd', [
    '-Bbn',
    credentials.username,
    credentials.password,
  ]);
  return stdout.trim() + '\n';
}

function registryConfig(
  directory: string,
  port: number,
  auth: Record<string, unknown> | undefined,
): string {
  return stringify({
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(directory, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString('hex') },
    ...(auth === undefined ? {} : { auth }),
  });
}

interface Attempt {
  readonly stop: () => Promise<void>;
  readonly port: number;
}

/** Spawns one registry on `port`; rejects with its output if it exits or never answers. */
async function launch(binary: string, configPath: string, port: number): Promise<Attempt> {
  const child = spawn(binary, ['serve', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `docker-registry exited (${child.exitCode ?? child.signalCode}) on port ${port}:\n${output}`,
      );
    }
    const answered = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (res) => res.status === 200 || res.status === 401,
      () => false,
    );
    if (answered) return { stop, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(
    `docker-registry did not answer on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output}`,
  );
}

export async function startDistributionRegistry(
  options: DistributionRegistryOptions = {},
): Promise<RunningRegistry> {
  const binary = options.binary ?? DISTRIBUTION_BINARY;
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} (CNCF distribution 2.8, Debian package docker-registry) is not installed: run ./scripts/setup.sh, or set SIGNET_SKIP_REAL_REGISTRY=1 to skip these tests`,
    );
  }
  const mode = options.auth ?? 'none';
  const directory = await mkdtemp(join(tmpdir(), 'signet-distribution-'));
  trackDirectory(directory);
  let tokens: TokenServer | undefined;
  const credentials =
    mode === 'none'
      ? undefined
      : { username: 'signet-test', password: randomBytes(12).toString('hex') };
  try {
    let auth: Record<string, unknown> | undefined;
    if (mode === 'htpasswd') {
      await writeFile(join(directory, 'htpasswd'), await htpasswdLine(credentials!));
      auth = { htpasswd: { realm: 'signet-test', path: join(directory, 'htpasswd') } };
    } else if (mode === 'token') {
      tokens = await startTokenServer(credentials!);
      await writeFile(join(directory, 'token-ca.pem'), tokens.certificatePem);
      auth = {
        token: {
          realm: tokens.realm,
          service: tokens.service,
          issuer: tokens.issuer,
          rootcertbundle: join(directory, 'token-ca.pem'),
        },
      };
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      // Another process may take the port between our probe and the registry's bind: retry.
      const port = await freeLoopbackPort();
      const configPath = join(directory, 'config.yml');
      await writeFile(configPath, registryConfig(directory, port, auth));
      try {
        const started = await launch(binary, configPath, port);
        const tokenServer = tokens;
        return {
          kind: 'distribution',
          host: `127.0.0.1:${port}`,
          url: `http://127.0.0.1:${port}`,
          auth: credentials,
          referrersApi: false,
          async stop() {
            await started.stop();
            await tokenServer?.stop();
            await rm(directory, { recursive: true, force: true });
            untrackDirectory(directory);
          },
        };
      } catch (error) {
        lastError = error;
        if (!String(error).includes('address already in use')) break;
      }
    }
    throw lastError;
  } catch (error) {
    await tokens?.stop();
    await rm(directory, { recursive: true, force: true });
    untrackDirectory(directory);
    throw error;
  }
}
