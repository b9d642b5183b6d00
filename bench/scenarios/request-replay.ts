/**
 * The benchmarks' I/O ceiling for registry work: the requests a client made, recorded by
 * the counting proxy, replayed raw.
 */
import { HttpClient } from '../../src/oci/transport/http.js';
import { describeRequest, type SeenRequest } from '../../src/testing/counting-proxy.js';

/**
 * Sends the recorded body-less requests straight to `registry`, all at once, on the same
 * HTTP stack (undici, keep-alive) as Signet's registry client, and reads every body: the
 * least time those requests can take, whatever order or parallelism a client uses.
 */
export function requestReplayer(
  registry: string,
  requests: readonly SeenRequest[],
): { replay(): Promise<void>; close(): Promise<void> } {
  const unsupported = requests.find((r) => r.method !== 'GET' && r.method !== 'HEAD');
  if (unsupported !== undefined)
    throw new Error(`cannot replay a request with a body: ${describeRequest(unsupported)}`);
  const http = new HttpClient({ timeoutMs: 30_000 });
  return {
    async replay() {
      await Promise.all(
        requests.map(async (r) => {
          const response = await http.send({
            method: r.method as 'GET' | 'HEAD',
            url: new URL(`http://${registry}${r.path}`),
            headers: r.accept === undefined ? {} : { accept: r.accept },
          });
          await response.body.arrayBuffer();
        }),
      );
    },
    close: () => http.close(),
  };
}
