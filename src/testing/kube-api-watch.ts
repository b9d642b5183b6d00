/**
 * Watch streams of the Kubernetes API server stand-in (API concepts, "Efficient detection
 * of changes"): HTTP 200 with one JSON `{type, object}` per line. Without resourceVersion
 * (or with "0") the current objects come first as ADDED; with one, the events after it are
 * replayed, or a single ERROR event carrying a 410 Expired Status when they were
 * compacted away. The stream ends after `timeoutSeconds`, as the real server ends it.
 */
import type { ServerResponse } from 'node:http';
import { inVersion, type KubeObjectStore, type StoredEvent } from './kube-api-objects.js';
import type { RouteTarget } from './kube-api-routes.js';
import { kubeStatus, sendStatus } from './kube-api-status.js';

export function serveWatch(
  store: KubeObjectStore,
  target: RouteTarget,
  params: URLSearchParams,
  response: ServerResponse,
  open: Set<ServerResponse>,
): void {
  const from = params.get('resourceVersion') ?? '';
  const since = from === '' || from === '0' ? undefined : Number(from);
  if (since !== undefined && !Number.isSafeInteger(since)) {
    sendStatus(response, kubeStatus(400, 'BadRequest', `invalid resourceVersion "${from}"`));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.flushHeaders();
  // An ended stream may still get store events until its 'close' arrives: drop them.
  const send = (type: string, object: unknown) => {
    if (!response.writableEnded) response.write(`${JSON.stringify({ type, object })}\n`);
  };
  const wanted = (event: StoredEvent) =>
    event.resource === target.resource &&
    (target.namespace === undefined || event.object.metadata.namespace === target.namespace);
  const render = (event: StoredEvent) => inVersion(target.resource, target.version, event.object);

  if (since === undefined) {
    for (const object of store.list(target.resource)) {
      if (target.namespace === undefined || object.metadata.namespace === target.namespace)
        send('ADDED', inVersion(target.resource, target.version, object));
    }
  } else {
    const replay = store.eventsSince(target.resource, since);
    if (replay === 'expired') {
      send(
        'ERROR',
        kubeStatus(410, 'Expired', `too old resource version: ${since} (${store.resourceVersion})`),
      );
      response.end();
      return;
    }
    for (const event of replay.filter(wanted)) send(event.type, render(event));
  }
  const unsubscribe = store.subscribe((event) => {
    if (wanted(event)) send(event.type, render(event));
  });
  const seconds = Number(params.get('timeoutSeconds') ?? '');
  const timer =
    Number.isFinite(seconds) && seconds > 0
      ? setTimeout(() => response.end(), seconds * 1000)
      : undefined;
  open.add(response);
  response.on('close', () => {
    unsubscribe();
    clearTimeout(timer);
    open.delete(response);
  });
}
