/**
 * Request handling of the Kubernetes API server stand-in (kube-api-server.ts): paths to
 * resources (`/api/v1/…` for the core group, `/apis/GROUP/VERSION/…`), and get, list,
 * create, replace and delete with the API server's answers: 201 on create, `Status`
 * objects for NotFound, AlreadyExists, Conflict (stale resourceVersion), Invalid (an
 * immutable Secret changed, a missing name) and BadRequest (kind or name not matching).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CORE_RESOURCES,
  inVersion,
  type KubeObject,
  type KubeObjectStore,
  type ResourceType,
} from './kube-api-objects.js';
import { kubeStatus, sendJson, sendStatus } from './kube-api-status.js';

/** The API server's own request body limit (3 MiB); nothing Signet sends comes close. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface RouteTarget {
  readonly resource: ResourceType;
  readonly version: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** `/api/v1/…` (core) and `/apis/GROUP/VERSION/…` paths of the served resources. */
export function routeOf(store: KubeObjectStore, path: string): RouteTarget | undefined {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') [group, version, rest] = ['', parts[1] ?? '', parts.slice(2)];
  else if (parts[0] === 'apis')
    [group, version, rest] = [parts[1] ?? '', parts[2] ?? '', parts.slice(3)];
  else return undefined;
  const find = (plural: string | undefined, namespaced: boolean) =>
    store.resources.find(
      (r) =>
        r.group === group &&
        r.plural === plural &&
        r.namespaced === namespaced &&
        r.versions.includes(version),
    );
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const resource = find(rest[2], true);
    if (resource === undefined || rest.length > 4) return undefined;
    return {
      resource,
      version,
      namespace: rest[1]!,
      ...(rest[3] === undefined ? {} : { name: rest[3] }),
    };
  }
  const resource = find(rest[0], false);
  if (resource === undefined || rest.length > 2) return undefined;
  return { resource, version, ...(rest[1] === undefined ? {} : { name: rest[1] }) };
}

export function answer(
  store: KubeObjectStore,
  target: RouteTarget,
  method: string,
  body: KubeObject | undefined,
  response: ServerResponse,
): void {
  const { resource, version, namespace, name } = target;
  const kindName = resource.plural;
  const notFound = (what = name ?? '') =>
    kubeStatus(404, 'NotFound', `${kindName} "${what}" not found`, { name: what, kind: kindName });
  const serve = (status: number, object: KubeObject) =>
    sendJson(response, status, inVersion(resource, version, object));
  if (method === 'GET' && name !== undefined) {
    const found = store.get(resource, namespace, name);
    if (found === undefined) sendStatus(response, notFound());
    else serve(200, found);
    return;
  }
  if (method === 'GET') {
    sendJson(response, 200, {
      apiVersion: resource.group === '' ? version : `${resource.group}/${version}`,
      kind: `${resource.kind}List`,
      metadata: { resourceVersion: store.resourceVersion },
      items: store
        .list(resource)
        .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
        .map((o) => inVersion(resource, version, o)),
    });
    return;
  }
  if (method === 'DELETE' && name !== undefined) {
    const gone = store.delete(resource, namespace, name);
    if (gone === undefined) sendStatus(response, notFound());
    else serve(200, gone);
    return;
  }
  if ((method === 'POST' && name === undefined) || (method === 'PUT' && name !== undefined)) {
    const problem = bodyProblem(resource, version, target, body);
    if (problem !== undefined) return sendStatus(response, problem);
    const object = body!;
    if (
      namespace !== undefined &&
      store.get(CORE_RESOURCES[0]!, undefined, namespace) === undefined
    ) {
      return sendStatus(
        response,
        kubeStatus(404, 'NotFound', `namespaces "${namespace}" not found`, {
          name: namespace,
          kind: 'namespaces',
        }),
      );
    }
    const existing = store.get(resource, namespace, object.metadata.name);
    if (method === 'POST' && existing !== undefined) {
      return sendStatus(
        response,
        kubeStatus(409, 'AlreadyExists', `${kindName} "${object.metadata.name}" already exists`, {
          name: object.metadata.name,
          kind: kindName,
        }),
      );
    }
    if (method === 'PUT') {
      if (existing === undefined) return sendStatus(response, notFound());
      const wanted = object.metadata['resourceVersion'];
      if (wanted !== undefined && wanted !== existing.metadata['resourceVersion']) {
        return sendStatus(
          response,
          kubeStatus(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${kindName} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
            { name: name!, kind: kindName },
          ),
        );
      }
      if (
        existing['immutable'] === true &&
        JSON.stringify([existing['data'], existing['immutable']]) !==
          JSON.stringify([object['data'], object['immutable']])
      ) {
        return sendStatus(
          response,
          kubeStatus(
            422,
            'Invalid',
            `${resource.kind} "${name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`,
            { name: name!, kind: resource.kind },
          ),
        );
      }
    }
    const stored = store.write(resource, {
      ...object,
      metadata: { ...object.metadata, ...(namespace === undefined ? {} : { namespace }) },
    });
    serve(method === 'POST' ? 201 : 200, stored);
    return;
  }
  sendStatus(
    response,
    kubeStatus(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource`,
    ),
  );
}

function bodyProblem(
  resource: ResourceType,
  version: string,
  target: RouteTarget,
  body: KubeObject | undefined,
) {
  const apiVersion = resource.group === '' ? version : `${resource.group}/${version}`;
  if (body === undefined || body.kind !== resource.kind || body.apiVersion !== apiVersion) {
    return kubeStatus(400, 'BadRequest', `the body must be a ${resource.kind} of ${apiVersion}`);
  }
  const meta = body.metadata as Record<string, unknown> | undefined;
  if (typeof meta?.['name'] !== 'string' || meta['name'] === '') {
    return kubeStatus(
      422,
      'Invalid',
      `${resource.kind} "" is invalid: metadata.name: Required value: name is required`,
    );
  }
  if (target.name !== undefined && meta['name'] !== target.name) {
    return kubeStatus(
      400,
      'BadRequest',
      `the name of the object (${String(meta['name'])}) does not match the name on the URL (${target.name})`,
    );
  }
  if (
    target.namespace !== undefined &&
    meta['namespace'] !== undefined &&
    meta['namespace'] !== target.namespace
  ) {
    return kubeStatus(
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  return undefined;
}

export async function readJson(request: IncomingMessage): Promise<KubeObject | 'invalid'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'invalid';
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as KubeObject)
      : 'invalid';
  } catch {
    return 'invalid';
  }
}
