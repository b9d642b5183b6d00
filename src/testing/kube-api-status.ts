/**
 * `Status` objects and JSON answers of the Kubernetes API server stand-in, shaped as
 * apimachinery's metav1.Status: clients (client-node's ApiException, kubectl) read `code`,
 * `reason` and `message` from them.
 */
import type { ServerResponse } from 'node:http';

export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: { readonly name: string; readonly kind: string };
  readonly code: number;
}

export function kubeStatus(
  code: number,
  reason: string,
  message: string,
  details?: { name: string; kind: string },
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendStatus(response: ServerResponse, status: KubeStatus): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status.code, status);
}
