// The embedded registry's HTTP surface under hostile and odd input: it must answer with
// the spec's error codes and keep serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../core/digest.js';
import { parseReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { MAX_MANIFEST_BYTES, MediaType } from '../oci/manifest/index.js';
import {
  startRegistryServer,
  type RegistryServerOptions,
  type RunningRegistryServer,
} from './index.js';
import {
  connectSilently,
  holdConnections,
  stallMidHeaders,
  tryOneMoreConnection,
} from '../testing/hostile-clients.js';
import { rawRequest } from '../testing/index.js';
import {
  createTestCertificateAuthority,
  loopbackServingCertificate,
} from '../testing/kube-cluster-certs.js';

describe('embedded registry server', () => {
  let server: RunningRegistryServer;
  const internalErrors: unknown[] = [];
  before(async () => {
    server = await startRegistryServer({ onInternalError: (e) => internalErrors.push(e) });
  });
  after(async () => {
    await server.close();
    assert.deepEqual(internalErrors, [], 'no request may end in an internal error');
  });

  it('listens on loopback and answers the version check', async () => {
    assert.match(server.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://${server.host}`);
    const res = await rawRequest(server.url, '/v2/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['docker-distribution-api-version'], 'registry/2.0');
  });

  const badPaths: [string, number, string | undefined][] = [
    ['/v2/../etc/manifests/latest', 400, 'NAME_INVALID'],
    ['/v2/a/%2e%2e/b/manifests/latest', 400, 'NAME_INVALID'],
    ['/v2/a/../../b/blobs/sha256:' + 'a'.repeat(64), 400, 'NAME_INVALID'],
    ['/v2/Upper/manifests/latest', 400, 'NAME_INVALID'],
    ['/v2/a//b/manifests/latest', 400, 'NAME_INVALID'],
    [`/v2/${'a'.repeat(300)}/manifests/latest`, 400, 'NAME_INVALID'],
    ['/v2/a/manifests/..', 400, 'TAG_INVALID'],
    ['/v2/a/manifests/-leading-dash', 400, 'TAG_INVALID'],
    ['/v2/a/manifests/sha256:..%2f..%2fetc', 400, 'DIGEST_INVALID'],
    ['/v2/a/blobs/md5:d41d8cd98f00b204e9800998ecf8427e', 400, 'DIGEST_INVALID'],
    ['/v2/a/blobs/uploads/..%2f..%2fetc', 404, 'BLOB_UPLOAD_UNKNOWN'],
    ['/v2/a/referrers/sha256:short', 400, 'DIGEST_INVALID'],
    ['/v2/a/unknown-endpoint', 404, undefined],
    ['/etc/passwd', 404, undefined],
  ];
  for (const [path, status, code] of badPaths) {
    it(`answers ${status} ${code ?? ''} to ${path.slice(0, 60)}`, async () => {
      const res = await rawRequest(server.url, path, {
        method: path.includes('/uploads/') ? 'PATCH' : 'GET',
      });
      assert.equal(res.status, status);
      assert.equal(res.errorCode(), code);
    });
  }

  it('answers UNSUPPORTED to a method an endpoint does not take', async () => {
    for (const [method, path] of [
      ['POST', '/v2/a/manifests/latest'],
      ['PUT', '/v2/a/tags/list'],
      ['DELETE', '/v2/'],
    ] as const) {
      const res = await rawRequest(server.url, path, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.errorCode(), 'UNSUPPORTED');
    }
  });

  it('refuses a manifest over 4 MiB with 413 and keeps serving', async () => {
    const body = Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20);
    const res = await rawRequest(server.url, '/v2/a/manifests/big', {
      method: 'PUT',
      headers: { 'Content-Type': MediaType.OciManifest },
      body,
    });
    assert.equal(res.status, 413);
    assert.equal(res.errorCode(), 'SIZE_INVALID');
    assert.equal((await rawRequest(server.url, '/v2/')).status, 200);
  });

  it('refuses a manifest of an unsupported media type', async () => {
    const res = await rawRequest(server.url, '/v2/a/manifests/x', {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: '{"schemaVersion":2}',
    });
    assert.equal(res.status, 400);
    assert.equal(res.errorCode(), 'MANIFEST_INVALID');
  });

  it('answers HEAD errors without a body', async () => {
    const res = await rawRequest(server.url, '/v2/a/manifests/missing', { method: 'HEAD' });
    assert.equal(res.status, 404);
    assert.equal(res.body.byteLength, 0);
  });

  it('keeps serving after a client disconnects mid-upload', async () => {
    const { request } = await import('node:http');
    const url = new URL(server.url);
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v2/a/blobs/uploads/?digest=sha256:' + '0'.repeat(64),
        headers: { 'Content-Length': 1000 },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(100));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    assert.equal((await rawRequest(server.url, '/v2/')).status, 200);
  });
});

describe('embedded registry server limits', () => {
  const small = { headersTimeoutMs: 200, requestTimeoutMs: 2_000, maxConnections: 2 };

  it('disconnects a client that sends half its headers and stalls, answering 408', async () => {
    const server = await startRegistryServer({ limits: small });
    try {
      assert.match(await stallMidHeaders(server.url), /^HTTP\/1\.1 408 /);
      assert.match(await connectSilently(server.url), /^HTTP\/1\.1 408 /);
      assert.equal((await rawRequest(server.url, '/v2/')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('refuses connections beyond the cap and serves again once one closes', async () => {
    const server = await startRegistryServer({ limits: small });
    const held = await holdConnections(server.url, 2, '/v2/');
    try {
      assert.equal(await tryOneMoreConnection(server.url, '/v2/'), '');
      held.pop()?.destroy();
      let answer = '';
      for (let attempt = 0; attempt < 50 && answer === ''; attempt++) {
        answer = await tryOneMoreConnection(server.url, '/v2/');
        if (answer === '') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(answer, 'HTTP/1.1 200 OK');
    } finally {
      for (const socket of held) socket.destroy();
      await server.close();
    }
  });
});

describe('embedded registry over TLS', () => {
  let server: RunningRegistryServer;
  let caPem: string;
  let serving: { certificatePem: string; privateKeyPem: string; caPem: string };
  before(async () => {
    serving = await loopbackServingCertificate('signet-registry-test');
    caPem = serving.caPem;
    server = await startRegistryServer({
      tls: { cert: serving.certificatePem, key: serving.privateKeyPem },
      limits: { handshakeTimeoutMs: 200 },
    });
  });
  after(() => server.close());

  it("serves Signet's registry client over https when it trusts the CA", async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new RegistryClient({ caCertificates: [caPem] });
    try {
      const data = randomBytes(1000);
      const ref = parseReference(`${server.host}/team/app`);
      const descriptor = await client.putBlob(ref, data);
      assert.equal(descriptor.digest, digestOf(data));
      assert.deepEqual(Buffer.from(await client.readBlob(ref, descriptor.digest, 2000)), data);
    } finally {
      await client.close();
    }
  });

  it('disconnects a client that never starts its TLS handshake', async () => {
    assert.equal(await connectSilently(server.url), '');
  });

  it('refuses to start with a key that does not belong to the certificate', async () => {
    const other = await (
      await createTestCertificateAuthority('other')
    ).issue({
      commonName: 'other',
      usage: 'server',
    });
    await assert.rejects(
      startRegistryServer({ tls: { cert: serving.certificatePem, key: other.privateKeyPem } }),
      { code: 'EMBEDDED_REGISTRY_CONFIG_INVALID', message: /not a usable pair/ },
    );
  });
});

describe('embedded registry options', () => {
  it('rejects out-of-range options with EMBEDDED_REGISTRY_CONFIG_INVALID', async () => {
    const cases: RegistryServerOptions[] = [
      { port: 70000 },
      { maxBlobBytes: 0 },
      { users: { 'a:b': 'pw' } },
      { users: { a: '' } },
      { limits: { maxConnections: 0 } },
      { limits: { headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 } },
    ];
    for (const options of cases) {
      await assert.rejects(startRegistryServer(options), {
        code: 'EMBEDDED_REGISTRY_CONFIG_INVALID',
      });
    }
  });

  it('reports a port it cannot listen on with EMBEDDED_REGISTRY_START_FAILED', async () => {
    const first = await startRegistryServer();
    try {
      const port = Number(first.host.split(':')[1]);
      await assert.rejects(startRegistryServer({ port }), {
        code: 'EMBEDDED_REGISTRY_START_FAILED',
      });
    } finally {
      await first.close();
    }
  });
});
