// Manifest and blob reads against purpose-built hostile registries on 127.0.0.1: content
// that does not match its digest, oversized manifests, lying headers.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { digestOf } from '../../core/digest.js';
import { isSignetError } from '../../core/errors.js';
import { MediaType } from '../manifest/index.js';
import { parseReference } from '../reference/index.js';
import { RegistryClient } from './client.js';

const closers: (() => unknown)[] = [];
after(async () => {
  for (const close of closers) await close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    if (req.url === '/v2/') return res.writeHead(200).end('{}');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => (server.closeAllConnections(), server.close()));
  const client = new RegistryClient({ maxRetries: 0, timeoutMs: 5000 });
  closers.push(() => client.close());
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, client };
}

const manifest = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, digest: digestOf(new Uint8Array()), size: 0 },
    layers: [],
  }),
);
const other = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, manifests: [] }));

function expectCode(code: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(isSignetError(err), String(err));
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

describe('manifest reads from a hostile registry', () => {
  it('rejects a manifest whose bytes do not match the requested digest', async () => {
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': MediaType.OciIndex }).end(other);
    });
    const ref = parseReference(`${host}/app@${digestOf(manifest)}`);
    await assert.rejects(client.getManifest(ref), expectCode('DIGEST_MISMATCH', /app@sha256/));
  });

  it('rejects a tag whose bytes do not match Docker-Content-Digest', async () => {
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': MediaType.OciIndex,
        'docker-content-digest': digestOf(manifest),
      });
      res.end(other);
    });
    await assert.rejects(
      client.getManifest(parseReference(`${host}/app:1`)),
      expectCode('DIGEST_MISMATCH', /Docker-Content-Digest/),
    );
  });

  it('returns the computed digest of a tag fetch', async () => {
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': MediaType.OciManifest }).end(manifest);
    });
    const fetched = await client.getManifest(parseReference(`${host}/app:1`));
    assert.equal(fetched.digest, digestOf(manifest));
    assert.equal(fetched.parsed.kind, 'image');
  });

  it('refuses a manifest declared over 4 MiB without reading it', async () => {
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write(Buffer.alloc(1024)); // and never the rest: a full read would time out
    });
    await assert.rejects(
      client.getManifest(parseReference(`${host}/app:big`)),
      expectCode('MANIFEST_TOO_LARGE', /over the 4194304-byte limit/),
    );
  });

  it('stops reading an undeclared stream once it passes 4 MiB', async () => {
    let written = 0;
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': MediaType.OciManifest });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = () => {
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await assert.rejects(
      client.getManifest(parseReference(`${host}/app:big`)),
      expectCode('MANIFEST_TOO_LARGE'),
    );
    assert.ok(written < 64 * 1024 * 1024, `server wrote ${written} bytes`);
  });

  it('rejects a HEAD whose digest differs from the one asked for', async () => {
    const { host, client } = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': MediaType.OciManifest,
        'content-length': String(manifest.byteLength),
        'docker-content-digest': digestOf(other),
      });
      res.end();
    });
    const ref = parseReference(`${host}/app@${digestOf(manifest)}`);
    await assert.rejects(client.headManifest(ref), expectCode('DIGEST_MISMATCH'));
  });

  it('resolves a tag by GET when HEAD lacks Docker-Content-Digest', async () => {
    const { host, client } = await serve((req, res) => {
      res.writeHead(200, { 'content-type': MediaType.OciManifest });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
    assert.equal(await client.resolveDigest(parseReference(`${host}/app:1`)), digestOf(manifest));
  });
});

describe('blob reads from a hostile registry', () => {
  const blob = new TextEncoder().encode('the real layer');
  const forged = new TextEncoder().encode('a forged layer');

  it('errors the blob stream with DIGEST_MISMATCH at the end', async () => {
    const { host, client } = await serve((_req, res) => res.writeHead(200).end(forged));
    const stream = await client.getBlob(parseReference(`${host}/app:1`), digestOf(blob));
    const chunks: Buffer[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      })(),
      expectCode('DIGEST_MISMATCH', /discard what was read/),
    );
  });

  it('streams a blob that matches its digest', async () => {
    const { host, client } = await serve((_req, res) => res.writeHead(200).end(blob));
    const stream = await client.getBlob(parseReference(`${host}/app:1`), digestOf(blob));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'the real layer');
  });

  it('rejects a bounded read that does not match or is too large', async () => {
    const { host, client } = await serve((_req, res) => res.writeHead(200).end(forged));
    const ref = parseReference(`${host}/app:1`);
    await assert.rejects(client.readBlob(ref, digestOf(blob), 1024), expectCode('DIGEST_MISMATCH'));
    await assert.rejects(client.readBlob(ref, digestOf(blob), 4), expectCode('BLOB_TOO_LARGE'));
  });
});
