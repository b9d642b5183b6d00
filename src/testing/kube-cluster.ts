/**
 * A real Kubernetes API server for tests: etcd and kube-apiserver (built by
 * scripts/peers.sh, found through peers.ts) on loopback ephemeral ports, as envtest runs
 * them. No kubelet, scheduler or controller manager: objects are stored and pods stay
 * Pending, which is all admission, policy watching and Secrets need. What the controller
 * manager would do is absent too: namespaces get no `default` ServiceAccount, and the
 * aggregated ClusterRoles (view, edit, admin) have no rules, so tests grant explicit roles.
 *
 * Generated per cluster: a CA, the API server's serving certificate (127.0.0.1), an admin
 * client certificate (`O=system:masters`), service account signing keys (so TokenRequest
 * works) and an admin kubeconfig. RBAC is on; every request is written to an audit log.
 * Everything lives in one temporary folder, removed by `stop()` (or at exit, with the
 * processes, by child-cleanup.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackDirectory, untrackDirectory } from './child-cleanup.js';
import { freeLoopbackPort } from './free-port.js';
import { findPeer, peerPath } from './peers.js';
import { readAuditLog, writeAuditPolicy, type AuditedRequest } from './kube-cluster-audit.js';
import {
  createTestCertificateAuthority,
  serviceAccountSigningKeys,
  type CertificateRequest,
  type IssuedCertificate,
} from './kube-cluster-certs.js';
import {
  runCommand,
  runCommandOk,
  type CommandOptions,
  type CommandResult,
} from './kube-cluster-command.js';
import { writeKubeconfig } from './kube-cluster-kubeconfig.js';
import { startDaemon, waitReady, type Daemon } from './kube-cluster-processes.js';

export interface KubeClusterOptions {
  /**
   * false serves watches from etcd instead of the API server's watch cache, so compacting
   * etcd (`compactEtcd`) makes a watch from an older resourceVersion fail with 410 Expired
   * at once, as it does on a cluster whose watch cache has moved on.
   */
  readonly watchCache?: boolean;
}

export interface KubeCluster {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly caPem: string;
  /** Admin (`system:masters`) kubeconfig: for kubectl, cosign and code under test. */
  readonly kubeconfigPath: string;
  readonly directory: string;
  /** Milliseconds from spawn to healthy, for each daemon. */
  readonly startup: { readonly etcdMs: number; readonly apiServerMs: number };
  /** kubectl with the admin kubeconfig (or `kubeconfig`); never throws on a non-zero exit. */
  kubectl(
    args: readonly string[],
    options?: CommandOptions & { kubeconfig?: string },
  ): Promise<CommandResult>;
  /** `kubectl apply` of objects (or YAML text); throws with kubectl's message when refused. */
  apply(...objects: readonly (Record<string, unknown> | string)[]): Promise<void>;
  /** A certificate issued by the cluster CA: client certificates authenticate as CN, groups O. */
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
  /** A kubeconfig authenticating with a client certificate for `user` in `groups`. */
  userKubeconfig(user: string, groups?: readonly string[]): Promise<string>;
  /** A kubeconfig holding a token of ServiceAccount `namespace/name` (TokenRequest, one hour). */
  serviceAccountKubeconfig(namespace: string, name: string): Promise<string>;
  /** Requests the API server logged, optionally only those of `user`. */
  auditedRequests(user?: string): Promise<AuditedRequest[]>;
  /** Stops kube-apiserver alone (etcd and its data stay): every client sees the API go away. */
  stopApiServer(): Promise<void>;
  /** Starts it again on the same port after `stopApiServer`; resolves with its start-up time in ms. */
  startApiServer(): Promise<number>;
  /** Compacts etcd's history up to its current revision. */
  compactEtcd(): Promise<void>;
  stop(): Promise<void>;
}

/** Why tests needing a cluster are skipped here, or undefined when etcd and kube-apiserver are built. */
export function kubeClusterSkipReason(): string | undefined {
  for (const lookup of [
    findPeer('etcd'),
    findPeer('kube', 'kube-apiserver'),
    findPeer('kube', 'kubectl'),
  ]) {
    if (lookup.skipReason !== undefined) return lookup.skipReason;
  }
  return undefined;
}

/** Ports are picked free and bound a moment later: another process may take one between. */
const START_ATTEMPTS = 3;

export async function startKubeCluster(options: KubeClusterOptions = {}): Promise<KubeCluster> {
  for (let attempt = 1; ; attempt += 1) {
    const directory = await mkdtemp(join(tmpdir(), 'signet-kube-cluster-'));
    trackDirectory(directory);
    const daemons: Daemon[] = [];
    try {
      return await start(directory, daemons, options);
    } catch (error) {
      for (const daemon of daemons.reverse()) await daemon.stop();
      untrackDirectory(directory);
      await rm(directory, { recursive: true, force: true });
      const portTaken = /address already in use/.test(String(error));
      if (!portTaken || attempt === START_ATTEMPTS) throw error;
    }
  }
}

async function start(
  directory: string,
  daemons: Daemon[],
  options: KubeClusterOptions,
): Promise<KubeCluster> {
  const file = (name: string) => join(directory, name);
  const [etcdPort, peerPort, apiPort] = [
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
  ];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;

  const begun = Date.now();
  const etcd = startDaemon(
    peerPath(findPeer('etcd')),
    [
      '--name=test',
      `--data-dir=${file('etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
      // Durability is worthless for a throw-away cluster and fsync dominates its latency.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    file('etcd.log'),
  );
  daemons.push(etcd);
  await waitReady(etcd, 'etcd', `${etcdUrl}/health`);
  const etcdMs = Date.now() - begun;

  const ca = await createTestCertificateAuthority('signet-test-kubernetes-ca');
  const serving = await ca.issue({
    commonName: 'kube-apiserver',
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
  });
  const admin = await ca.issue({
    commonName: 'signet-test-admin',
    organizations: ['system:masters'],
    usage: 'client',
  });
  const serviceAccount = await serviceAccountSigningKeys();
  await Promise.all([
    writeFile(file('ca.crt'), ca.caPem),
    writeFile(file('apiserver.crt'), serving.certificatePem),
    writeFile(file('apiserver.key'), serving.privateKeyPem, { mode: 0o600 }),
    writeFile(file('sa.pub'), serviceAccount.publicPem),
    writeFile(file('sa.key'), serviceAccount.privatePem, { mode: 0o600 }),
    writeAuditPolicy(file('audit-policy.yaml')),
  ]);
  const url = `https://127.0.0.1:${apiPort}`;

  const apiServerArgs = [
    `--etcd-servers=${etcdUrl}`,
    `--cert-dir=${file('apiserver-certs')}`,
    `--tls-cert-file=${file('apiserver.crt')}`,
    `--tls-private-key-file=${file('apiserver.key')}`,
    `--secure-port=${apiPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    '--authorization-mode=RBAC',
    `--client-ca-file=${file('ca.crt')}`,
    `--service-account-issuer=${url}/`,
    `--service-account-key-file=${file('sa.pub')}`,
    `--service-account-signing-key-file=${file('sa.key')}`,
    // No controller manager creates each namespace's `default` ServiceAccount, which this
    // plugin requires of every pod; envtest turns it off for the same reason.
    '--disable-admission-plugins=ServiceAccount',
    `--audit-policy-file=${file('audit-policy.yaml')}`,
    `--audit-log-path=${file('audit.log')}`,
    '--audit-log-format=json',
    `--watch-cache=${String(options.watchCache ?? true)}`,
    '--profiling=false',
  ];
  let apiServer: Daemon | undefined;
  const launchApiServer = async () => {
    const launched = Date.now();
    apiServer = startDaemon(
      peerPath(findPeer('kube', 'kube-apiserver')),
      apiServerArgs,
      file('kube-apiserver.log'),
    );
    daemons.push(apiServer);
    await waitReady(apiServer, 'kube-apiserver', `${url}/readyz`, {
      caPem: ca.caPem,
      client: admin,
    });
    return Date.now() - launched;
  };
  const apiServerMs = await launchApiServer();

  const kubeconfigPath = file('admin.kubeconfig');
  await writeKubeconfig(kubeconfigPath, { server: url, caPem: ca.caPem, user: admin });
  const kubectlPath = peerPath(findPeer('kube', 'kubectl'));
  const kubectl: KubeCluster['kubectl'] = (args, opts = {}) =>
    runCommand(kubectlPath, [`--kubeconfig=${opts.kubeconfig ?? kubeconfigPath}`, ...args], {
      ...opts,
      env: { HOME: directory, ...opts.env },
    });
  let kubeconfigs = 0;
  const nextKubeconfig = () => file(`user-${(kubeconfigs += 1)}.kubeconfig`);

  return {
    url,
    caPem: ca.caPem,
    kubeconfigPath,
    directory,
    startup: { etcdMs, apiServerMs },
    kubectl,
    async apply(...objects) {
      const input = objects
        .map((o) => (typeof o === 'string' ? o : JSON.stringify(o)))
        .join('\n---\n');
      const result = await kubectl(['apply', '-f', '-'], { input });
      if (result.code !== 0) throw new Error(`kubectl apply refused: ${result.stderr}`);
    },
    issue: (request) => ca.issue(request),
    async userKubeconfig(user, groups = []) {
      const path = nextKubeconfig();
      const certificate = await ca.issue({
        commonName: user,
        organizations: groups,
        usage: 'client',
      });
      await writeKubeconfig(path, { server: url, caPem: ca.caPem, user: certificate });
      return path;
    },
    async serviceAccountKubeconfig(namespace, name) {
      const token = await runCommandOk(
        kubectlPath,
        [
          `--kubeconfig=${kubeconfigPath}`,
          '-n',
          namespace,
          'create',
          'token',
          name,
          '--duration=1h',
        ],
        { env: { HOME: directory } },
      );
      const path = nextKubeconfig();
      await writeKubeconfig(path, { server: url, caPem: ca.caPem, user: { token: token.trim() } });
      return path;
    },
    async auditedRequests(user) {
      const all = await readAuditLog(file('audit.log'));
      return user === undefined ? all : all.filter((r) => r.user === user);
    },
    async compactEtcd() {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${etcdUrl}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        if (!response.ok)
          throw new Error(`etcd ${path}: HTTP ${response.status} ${await response.text()}`);
        return (await response.json()) as { header?: { revision?: string } };
      };
      // grpc-gateway of etcd's v3 API: the range answer's header carries the current revision.
      const range = await post('/v3/kv/range', { key: Buffer.from('/').toString('base64') });
      await post('/v3/kv/compaction', { revision: range.header?.revision, physical: true });
    },
    async stopApiServer() {
      await apiServer?.stop();
    },
    startApiServer: launchApiServer,
    async stop() {
      for (const daemon of daemons.reverse()) await daemon.stop();
      untrackDirectory(directory);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
