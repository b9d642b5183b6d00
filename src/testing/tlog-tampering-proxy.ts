/**
 * Test-only: a loopback HTTP proxy in front of a log that can alter answers on their way
 * to the client, as a hostile network or a compromised log frontend would. Each request
 * is forwarded as is; `tamper` sees every answer and may return replacement bytes.
 * Clients must refuse whatever it changes.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedAnswer {
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly path: string;
  readonly status: number;
  readonly body: Buffer;
}

/** Returns the altered body, or undefined to pass the answer through unchanged. */
export type Tamper = (answer: ProxiedAnswer) => Buffer | undefined;

export interface TamperingProxy {
  readonly url: string;
  /** Replaces the tampering rule; `undefined` passes everything through. */
  setTamper(tamper: Tamper | undefined): void;
  /** Answers altered since the rule was last set. */
  readonly tampered: number;
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const upstream = new URL(target);
  let tamper: Tamper | undefined;
  let tampered = 0;
  const server = createServer((clientRequest, clientResponse) => {
    void (async () => {
      const body = await readAll(clientRequest);
      const forwarded = httpRequest({
        host: upstream.hostname,
        port: upstream.port,
        method: clientRequest.method,
        path: clientRequest.url,
        headers: { ...clientRequest.headers, host: upstream.host },
      });
      forwarded.on('response', (answer) => {
        void readAll(answer).then((original) => {
          const replaced = tamper?.({
            method: clientRequest.method ?? 'GET',
            path: clientRequest.url ?? '/',
            status: answer.statusCode ?? 0,
            body: original,
          });
          if (replaced !== undefined) tampered++;
          const sent = replaced ?? original;
          const headers = { ...answer.headers, 'content-length': String(sent.length) };
          delete headers['transfer-encoding'];
          clientResponse.writeHead(answer.statusCode ?? 502, headers).end(sent);
        });
      });
      forwarded.on('error', () => clientResponse.writeHead(502).end());
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTamper(next) {
      tamper = next;
      tampered = 0;
    },
    get tampered() {
      return tampered;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The same character class, one step on: the answer stays well-formed, one byte differs. */
function flipped(character: string): string {
  for (const alphabet of [HEX, BASE64]) {
    const at = alphabet.indexOf(character);
    if (at !== -1) return alphabet[(at + 1) % alphabet.length]!;
  }
  throw new Error(`no neighbour for ${JSON.stringify(character)}`);
}

/**
 * Flips one character of the JSON string value that follows `"field":"` (or `"field":["`
 * for a list, its first item), `offset` characters into it (default: its middle, away from
 * base64 padding bits a decoder may ignore).
 */
export function flipInStringField(body: Buffer, field: string, offset?: number): Buffer {
  const text = body.toString('utf8');
  const marker = new RegExp(`"${field}":\\[?"`).exec(text);
  if (marker === null) throw new Error(`no string field ${field} in the answer`);
  const start = marker.index + marker[0].length;
  const end = text.indexOf('"', start);
  const position = start + (offset ?? Math.floor((end - start) / 2));
  return Buffer.from(
    text.slice(0, position) + flipped(text[position]!) + text.slice(position + 1),
    'utf8',
  );
}

/** Changes the last digit of the number that follows `"field":`. */
export function bumpNumberField(body: Buffer, field: string): Buffer {
  const text = body.toString('utf8');
  const match = new RegExp(`"${field}":(\\d+)`).exec(text);
  if (match === null) throw new Error(`no number field ${field} in the answer`);
  const last = match.index + match[0].length - 1;
  const digit = (Number(text[last]) + 1) % 10;
  return Buffer.from(text.slice(0, last) + String(digit) + text.slice(last + 1), 'utf8');
}

/**
 * Flips one character of the root hash line (the third line) of the checkpoint held in the
 * JSON string `field` (`checkpoint`, `signedTreeHead`): a tree head the log never signed.
 */
export function flipCheckpointRoot(body: Buffer, field: string): Buffer {
  const text = body.toString('utf8');
  const marker = new RegExp(`"${field}":"`).exec(text);
  if (marker === null) throw new Error(`no checkpoint field ${field} in the answer`);
  const start = marker.index + marker[0].length;
  const secondNewline = text.indexOf('\\n', text.indexOf('\\n', start) + 2);
  return flipInStringField(body, field, secondNewline + 2 + 10 - start);
}
