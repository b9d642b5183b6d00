/**
 * A minimal Docker registry token server (distribution's "Token Authentication
 * Specification" and "Token Authentication Implementation") for tests: it checks Basic
 * credentials and issues ES256 JWTs that distribution 2.8 verifies through the `x5c`
 * certificate, which must chain to the registry's `auth.token.rootcertbundle`. The key
 * and the self-signed certificate are made per run. Anonymous requests get a token with
 * no access, so the registry answers them with 401 insufficient_scope, as Docker Hub does.
 */
import 'reflect-metadata';
import { randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import type { RegistryCredentials } from './running-registry.js';

export interface TokenServer {
  /** The realm for the registry's challenge: `http://127.0.0.1:PORT/token`. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM of the certificate the registry must trust. */
  readonly certificatePem: string;
  stop(): Promise<void>;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

const GRANTABLE = new Set(['pull', 'push', 'delete', '*']);
/** Token lifetime: long enough for any test, short enough to be a token. */
const TOKEN_SECONDS = 300;

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** `repository:team/app:pull,push` → access entry; the name may itself hold no colon but the type/actions split is by the outer colons. */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((a) => GRANTABLE.has(a));
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

function basicCredentials(req: IncomingMessage): RegistryCredentials | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match === null) return undefined;
  const text = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0
    ? undefined
    : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 64 * 1024) throw new Error('token request body too large');
  }
  return new URLSearchParams(text);
}

export async function startTokenServer(credentials: RegistryCredentials): Promise<TokenServer> {
  const service = 'signet-test-registry';
  const issuer = 'signet-test-token-issuer';
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString('hex'),
      name: `CN=${issuer}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 24 * 3600_000),
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
          true,
        ),
      ],
    },
    webcrypto,
  );
  const x5c = Buffer.from(certificate.rawData).toString('base64');

  async function issue(subject: string, access: Access[]): Promise<string> {
    const seconds = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [x5c] };
    const claims = {
      iss: issuer,
      sub: subject,
      aud: service,
      exp: seconds + TOKEN_SECONDS,
      nbf: seconds - 10,
      iat: seconds,
      jti: randomBytes(16).toString('hex'),
      access,
    };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    // WebCrypto ECDSA signatures are r||s, exactly the JWS ES256 encoding (RFC 7518 §3.4).
    const signature = await webcrypto.subtle.sign(algorithm, keys.privateKey, Buffer.from(input));
    return `${input}.${base64url(new Uint8Array(signature))}`;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const form = req.method === 'POST' ? await readForm(req) : undefined;
    let presented = basicCredentials(req);
    if (form?.get('grant_type') === 'password') {
      presented = { username: form.get('username') ?? '', password: form.get('password') ?? '' };
    }
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    if (
      presented !== undefined &&
      !(
        same(presented.username, credentials.username) &&
        same(presented.password, credentials.password)
      )
    ) {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end('{"details":"invalid credentials"}');
      return;
    }
    const scopes =
      form !== undefined ? (form.get('scope') ?? '').split(' ') : url.searchParams.getAll('scope');
    const access =
      presented === undefined
        ? []
        : scopes.map(parseScope).filter((a): a is Access => a !== undefined);
    const token = await issue(presented?.username ?? '', access);
    const body = {
      token,
      access_token: token,
      expires_in: TOKEN_SECONDS,
      issued_at: new Date().toISOString(),
    };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificatePem: certificate.toString('pem'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
