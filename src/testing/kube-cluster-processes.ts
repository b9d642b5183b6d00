/**
 * The two daemons of a test cluster (kube-cluster.ts), as envtest runs them: etcd on a
 * loopback client port, kube-apiserver on a loopback secure port in front of it. Each is
 * a tracked child (child-cleanup.ts kills it if the test process dies) whose output goes
 * to a log file in the cluster's folder, quoted when it fails to become ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { trackChild } from './child-cleanup.js';
import type { IssuedCertificate } from './kube-cluster-certs.js';

/** kube-apiserver compiles its OpenAPI and bootstraps RBAC first: 60 s covers a busy two-core machine. */
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

export interface Daemon {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export function startDaemon(path: string, args: readonly string[], logFile: string): Daemon {
  const log = openSync(logFile, 'a');
  const child = spawn(path, args, {
    stdio: ['ignore', log, log],
    env: { PATH: process.env.PATH ?? '' },
  });
  closeSync(log);
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** GET `url` and report the status, 0 when nothing answers. Without `tls` any certificate is accepted. */
export function probeStatus(url: string, tls?: TlsClient): Promise<number> {
  return new Promise((resolve) => {
    const options =
      tls === undefined
        ? { rejectUnauthorized: false }
        : { ca: tls.caPem, cert: tls.client.certificatePem, key: tls.client.privateKeyPem };
    const send = url.startsWith('https:') ? request : plainRequest;
    const req = send(url, { ...options, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

export interface TlsClient {
  readonly caPem: string;
  readonly client: IssuedCertificate;
}

/** Polls `url` until it answers 200; fails naming the daemon and quoting its log. */
export async function waitReady(
  daemon: Daemon,
  what: string,
  url: string,
  tls?: TlsClient,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) {
      throw new Error(`${what} exited before it was ready:\n${tail(daemon.logFile)}`);
    }
    if ((await probeStatus(url, tls)) === 200) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} was not ready at ${url} within ${READY_TIMEOUT_MS} ms:\n${tail(daemon.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
