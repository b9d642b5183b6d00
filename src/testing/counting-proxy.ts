/**
 * Test and benchmark helper: a loopback proxy in front of a registry that records every
 * request it forwards, so that what the registry serves (pings and probes included) can
 * be counted, and replayed as an I/O ceiling.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** The Accept header, which picks the manifest representation the registry serves. */
  readonly accept?: string;
}

export interface CountingProxy {
  readonly host: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** `METHOD path`, as the scenarios print requests. */
export function describeRequest(seen: SeenRequest): string {
  return `${seen.method} ${seen.path}`;
}

/** Forwards every request to `upstream` (`127.0.0.1:PORT`) and records it. */
export async function countingProxy(upstream: string): Promise<CountingProxy> {
  const [hostname, port] = upstream.split(':') as [string, string];
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const accept = req.headers.accept;
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      ...(accept === undefined ? {} : { accept }),
    });
    const forward = request(
      { hostname, port: Number(port), path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
