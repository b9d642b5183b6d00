// Test-only parts of the pipeline-run signing scenarios: `signet serve chains` as a child
// process (through the CLI's own main, compiled by tsx) that a test can SIGKILL, a
// registry proxy that holds the requests of one repository so a kill lands at a known
// point, and Tekton runs created and finished through the status subresource.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trackChild } from '../../src/testing/child-cleanup.js';
import type { KubeCluster } from '../../src/testing/kube-cluster.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
import { waitForCrds } from '../../src/testing/kube-cluster-crds.js';
import { waitUntil } from '../../src/testing/wait-until.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;
const ENTRY = `const { main } = await import(${JSON.stringify(MAIN)});
process.exitCode = await main(process.argv.slice(1));`;

export interface ChainsChild {
  readonly process: ChildProcess;
  output(): string;
  kill(): Promise<void>;
  /** SIGTERM, as Kubernetes stops a pod; resolves with the exit code. */
  terminate(): Promise<number | null>;
}

/** Starts the controller and waits for its start-up line (tsx compiles first: up to 60 s). */
export async function startChainsChild(
  args: readonly string[],
  env: Record<string, string>,
): Promise<ChainsChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', ENTRY, 'serve', 'chains', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } },
  );
  trackChild(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(
    'the controller starts',
    () => {
      if (child.exitCode !== null) throw new Error(`the controller exited: ${output}`);
      return output;
    },
    (text) => /signet chains watching/.test(text),
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  return {
    process: child,
    output: () => output,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode;
    },
  };
}

/** Forwards to `target` (host:port), holding every request whose path contains `held` while `holding`. */
export async function startHoldingProxy(target: string, held: string) {
  const waiting: ServerResponse[] = [];
  const state = { holding: true, seen: 0 };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const [hostname, port] = target.split(':');
    const upstream = request(
      {
        hostname,
        port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    if (state.holding && (req.url ?? '').includes(held)) {
      state.seen += 1;
      waiting.push(res);
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => state.seen,
    /** Stops holding; requests held so far are dropped (their client is gone). */
    release() {
      state.holding = false;
      for (const res of waiting.splice(0)) res.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Installs Signet's copies of Tekton's TaskRun and PipelineRun CRDs and waits until served. */
export async function installTektonCrds(cluster: KubeCluster): Promise<void> {
  const files = ['taskruns.tekton.dev.yaml', 'pipelineruns.tekton.dev.yaml'];
  await cluster.apply(
    ...(await Promise.all(files.map((f) => readFile(join(DEPLOY_DIRECTORY, 'crds', f), 'utf8')))),
  );
  await waitForCrds(cluster, ['taskruns.tekton.dev', 'pipelineruns.tekton.dev']);
}

export type Kind = 'TaskRun' | 'PipelineRun';

export interface RunSpec {
  readonly kind: Kind;
  readonly name: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly results: Readonly<Record<string, unknown>>;
  readonly succeeded?: 'True' | 'False';
  readonly stepImages?: readonly string[];
}

/** Creates the run, then writes its status through /status as Tekton's controller would. */
export async function createFinishedRun(cluster: KubeCluster, namespace: string, run: RunSpec) {
  const params = Object.entries(run.params ?? {}).map(([name, value]) => ({ name, value }));
  await cluster.apply({
    apiVersion: 'tekton.dev/v1',
    kind: run.kind,
    metadata: { name: run.name, namespace },
    spec:
      run.kind === 'TaskRun'
        ? { params, taskRef: { name: 'build' } }
        : { params, pipelineRef: { name: 'build-and-push' } },
  });
  const status = {
    startTime: '2026-12-06T10:00:00Z',
    completionTime: '2026-12-06T10:05:00Z',
    conditions: [
      {
        type: 'Succeeded',
        status: run.succeeded ?? 'True',
        reason: run.succeeded === 'False' ? 'Failed' : 'Succeeded',
      },
    ],
    results: Object.entries(run.results).map(([name, value]) => ({ name, value })),
    ...(run.stepImages === undefined
      ? {}
      : {
          steps: run.stepImages.map((imageID, i) => ({ name: `step-${i}`, imageID })),
        }),
  };
  const patched = await cluster.kubectl([
    '-n',
    namespace,
    'patch',
    run.kind.toLowerCase(),
    run.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
  if (patched.code !== 0) throw new Error(`status of ${run.name} refused: ${patched.stderr}`);
}

/** The run's annotations as stored now. */
export async function annotationsOf(
  cluster: KubeCluster,
  namespace: string,
  kind: Kind,
  name: string,
): Promise<Record<string, string>> {
  const got = await cluster.kubectl([
    '-n',
    namespace,
    'get',
    kind.toLowerCase(),
    name,
    '-o',
    'json',
  ]);
  if (got.code !== 0) throw new Error(got.stderr);
  return (
    (JSON.parse(got.stdout) as { metadata: { annotations?: Record<string, string> } }).metadata
      .annotations ?? {}
  );
}
