/**
 * Clients that misbehave on purpose, on raw sockets, for testing the limits every Signet
 * server applies (src/core/http/server-limits.ts): one that stalls in the middle of its
 * request headers (slowloris), one that opens a TCP connection and never speaks, and
 * connections held open to fill a server's connection cap.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** The start of a request head that never ends: the blank line is never sent. */
export const HALF_A_REQUEST_HEAD = 'GET / HTTP/1.1\r\nHost: signet.test\r\nX-Slow: ';

function open(url: string): Socket {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  // The test talks to its own server: the certificate is not what is being tested.
  return protocol === 'https:'
    ? connectTls({ host, port: Number(port), rejectUnauthorized: false })
    : connectTcp({ host, port: Number(port) });
}

/** Resolves once the server closes the connection, with everything it sent before. */
export function untilServerCloses(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    // A reset (ECONNRESET) counts as closed too: the server dropped the connection.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(parts).toString('latin1')));
  });
}

/**
 * Sends `partial` (half a request head by default) and then nothing; resolves with what
 * the server sent once it closed the connection (Node answers 408 to a headers timeout).
 */
export function stallMidHeaders(url: string, partial = HALF_A_REQUEST_HEAD): Promise<string> {
  const socket = open(url);
  const closed = untilServerCloses(socket);
  socket.write(partial);
  return closed;
}

/** Connects at the TCP level and sends nothing, not even a TLS ClientHello. */
export function connectSilently(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return untilServerCloses(
    connectTcp({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) }),
  );
}

/**
 * Opens `count` keep-alive connections, each proven accepted by one answered `GET path`,
 * and leaves them open. The caller destroys them.
 */
export async function holdConnections(url: string, count: number, path: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = open(url);
    sockets.push(socket);
    const answer = await new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
      socket.once('error', reject);
      socket.once('close', () => reject(new Error(`connection ${i} was closed by the server`)));
      socket.write(`GET ${path} HTTP/1.1\r\nHost: signet.test\r\n\r\n`);
    });
    if (!answer.startsWith('HTTP/1.1 ')) throw new Error(`connection ${i} got no HTTP answer`);
  }
  return sockets;
}

/**
 * Opens one more connection and sends `GET path`: resolves with what the server sent
 * before closing it, `''` when the server dropped the connection without answering.
 * Resolves with the answer's status line when the server answered and kept it open.
 */
export function tryOneMoreConnection(url: string, path: string): Promise<string> {
  const socket = open(url);
  return new Promise((resolve) => {
    const closed = untilServerCloses(socket);
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString('latin1').split('\r\n')[0] ?? '');
    });
    void closed.then(resolve);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: signet.test\r\n\r\n`);
  });
}
