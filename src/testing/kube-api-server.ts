/**
 * A Kubernetes API server stand-in for tests. No real API server can run where Signet's
 * tests run (Debian ships no kube-apiserver and there is no network), so this serves, over
 * HTTPS on 127.0.0.1 with a bearer token, exactly the calls Signet makes through
 * `@kubernetes/client-node`, on the real wire protocol:
 *
 * - GET/POST `/api/v1/namespaces/{ns}/secrets`, GET/PUT/DELETE `…/secrets/{name}`;
 * - GET `/api/v1/namespaces/{name}`, GET `/api/v1/namespaces/{ns}/serviceaccounts/{name}`;
 * - GET (list, with the collection's resourceVersion) and `?watch=1|true` (newline-delimited
 *   `{type, object}` events, resumable by resourceVersion, 410 Expired when compacted,
 *   ended after `timeoutSeconds`) on `/apis/policy.signet.dev|policy.sigstore.dev/
 *   v1alpha1|v1beta1/clusterimagepolicies[/{name}]`;
 * - failures as `Status` objects (401 Unauthorized, 404 NotFound, 409 AlreadyExists or
 *   Conflict, 422 Invalid, 400 BadRequest) as the API server sends them.
 *
 * It writes a kubeconfig (server URL, CA data, `tls-server-name: kubernetes.default.svc`,
 * token) so code under test loads it with `KubeConfig.loadFromFile` or `$KUBECONFIG`, as
 * in production. Its serving certificate names `kubernetes.default.svc`, like the real one.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWebhookCertificates } from '../admission/certs/index.js';
import {
  CORE_RESOURCES,
  KubeObjectStore,
  POLICY_RESOURCES,
  type KubeObject,
  type ResourceType,
} from './kube-api-objects.js';
import { answer, readJson, routeOf } from './kube-api-routes.js';
import { serveWatch } from './kube-api-watch.js';
import { writeKubeconfig, API_SERVER_NAME } from './kubeconfig-file.js';
import { kubeStatus, sendStatus } from './kube-api-status.js';

export { writeKubeconfig, API_SERVER_NAME, type KubeObject, type ResourceType };

export interface KubeApiServerOptions {
  /** Custom resources served besides namespaces, secrets and service accounts; default both ClusterImagePolicy groups. */
  readonly customResources?: readonly ResourceType[];
  /** Watch events kept for resumption (default 1000). */
  readonly historyLimit?: number;
}

export interface KubeApiServer {
  readonly url: string;
  readonly token: string;
  readonly caPem: string;
  /** A kubeconfig for this server: pass it to `KubeConfig.loadFromFile` or as $KUBECONFIG. */
  readonly kubeconfigPath: string;
  /** `METHOD /path?query` of every authenticated request, in order. */
  readonly requests: readonly string[];
  /** Creates or replaces an object as `kubectl apply` would (no admission checks). */
  apply(object: KubeObject): KubeObject;
  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined;
  remove(apiVersion: string, kind: string, name: string, namespace?: string): boolean;
  /** Forgets the event history: watches resuming from an older resourceVersion get 410 Expired. */
  compact(): void;
  /** Ends every open watch stream, as an API server restart does. */
  dropWatches(): void;
  /** While true every request is answered 503 ServiceUnavailable. */
  failing: boolean;
  close(): Promise<void>;
}

export async function startKubeApiServer(
  options: KubeApiServerOptions = {},
): Promise<KubeApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-kube-api-'));
  const certs = await generateWebhookCertificates({ service: 'kubernetes', namespace: 'default' });
  const token = randomBytes(24).toString('hex');
  const store = new KubeObjectStore(
    [...CORE_RESOURCES, ...(options.customResources ?? POLICY_RESOURCES)],
    options.historyLimit,
  );
  const requests: string[] = [];
  const openWatches = new Set<ServerResponse>();
  const state = { failing: false };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      sendStatus(response, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const url = new URL(request.url ?? '/', 'https://stand-in');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (state.failing) {
      sendStatus(
        response,
        kubeStatus(
          503,
          'ServiceUnavailable',
          'the server is currently unable to handle the request',
        ),
      );
      return;
    }
    const target = routeOf(store, url.pathname);
    if (target === undefined) {
      sendStatus(
        response,
        kubeStatus(404, 'NotFound', 'the server could not find the requested resource'),
      );
      return;
    }
    const body =
      request.method === 'POST' || request.method === 'PUT' ? await readJson(request) : undefined;
    if (body === 'invalid') {
      sendStatus(response, kubeStatus(400, 'BadRequest', 'the request body is not a JSON object'));
      return;
    }
    const watch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
    if (request.method === 'GET' && target.name === undefined && watch) {
      serveWatch(store, target, url.searchParams, response, openWatches);
      return;
    }
    answer(store, target, request.method ?? 'GET', body, response);
  };

  const server: Server = createServer(
    { cert: certs.certificatePem, key: certs.privateKeyPem },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        sendStatus(
          res,
          kubeStatus(500, 'InternalError', error instanceof Error ? error.message : String(error)),
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, { server: url, token, caPem: certs.caCertificatePem });

  const resourceFor = (apiVersion: string, kind: string): ResourceType => {
    const resource = store.resourceOf(apiVersion, kind);
    if (resource === undefined) throw new Error(`the stand-in serves no ${kind} in ${apiVersion}`);
    return resource;
  };
  return {
    url,
    token,
    caPem: certs.caCertificatePem,
    kubeconfigPath,
    requests,
    apply: (object) => store.write(resourceFor(object.apiVersion, object.kind), object),
    get: (apiVersion, kind, name, namespace) =>
      store.get(resourceFor(apiVersion, kind), namespace, name),
    remove: (apiVersion, kind, name, namespace) =>
      store.delete(resourceFor(apiVersion, kind), namespace, name) !== undefined,
    compact: () => store.compact(),
    dropWatches: () => {
      for (const response of openWatches) response.end();
      openWatches.clear();
    },
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    async close() {
      for (const response of openWatches) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
