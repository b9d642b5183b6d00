import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSignetError } from '../../core/errors.js';
import { placeSignatureFile, MAX_LOOKASIDE_SIGNATURE_BYTES } from './file-store.js';
import { MAX_LOOKASIDE_SIGNATURES } from './layout.js';
import { readLookasideSignatures, writeLookasideSignature } from './store.js';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const bytes = (text: string) => new TextEncoder().encode(text);
const isCode = (code: string) => (e: unknown) => isSignetError(e) && e.code === code;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-lookaside-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('file:// lookaside store', () => {
  it('writes signature-1, then signature-2, and reads them back in order', async () => {
    const base = pathToFileURL(join(dir, 'a')).href;
    const image = { base, repository: 'team/app', digest: DIGEST };
    assert.deepEqual(await readLookasideSignatures(image), []);
    const first = await writeLookasideSignature(image, bytes('one'));
    const second = await writeLookasideSignature(image, bytes('two'));
    assert.deepEqual([first.index, second.index], [1, 2]);
    assert.match(second.url, /team\/app@sha256=c{1}d.*\/signature-2$/);
    const read = await readLookasideSignatures(image);
    assert.deepEqual(
      read.map((b) => new TextDecoder().decode(b)),
      ['one', 'two'],
    );
  });

  it('gives concurrent writers distinct numbers and loses none', async () => {
    const image = { base: pathToFileURL(join(dir, 'b')).href, repository: 'app', digest: DIGEST };
    const written = await Promise.all(
      Array.from({ length: 30 }, (_, i) => writeLookasideSignature(image, bytes(`sig ${i}`))),
    );
    assert.deepEqual(
      written.map((w) => w.index).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const read = (await readLookasideSignatures(image)).map((b) => new TextDecoder().decode(b));
    assert.deepEqual(read.sort(), Array.from({ length: 30 }, (_, i) => `sig ${i}`).sort());
  });

  it('never overwrites an exact index and refuses one that would leave a gap', async () => {
    const folder = join(dir, 'c');
    assert.equal(
      (await placeSignatureFile(folder, bytes('x'), { kind: 'exact', index: 2 })).kind,
      'gap',
    );
    assert.equal(
      (await placeSignatureFile(folder, bytes('x'), { kind: 'exact', index: 1 })).kind,
      'written',
    );
    assert.equal(
      (await placeSignatureFile(folder, bytes('y'), { kind: 'exact', index: 1 })).kind,
      'taken',
    );
    assert.equal(await readFile(join(folder, 'signature-1'), 'utf8'), 'x');
  });

  it('stops at the number of signatures containers/image still reads', async () => {
    const folder = join(dir, 'd');
    for (let i = 0; i < MAX_LOOKASIDE_SIGNATURES; i++) await placeSignatureFile(folder, bytes('s'));
    assert.equal((await placeSignatureFile(folder, bytes('s'))).kind, 'full');
  });

  it('refuses to write to an http store', async () => {
    await assert.rejects(
      writeLookasideSignature(
        { base: 'https://sigs.example', repository: 'a', digest: DIGEST },
        bytes('s'),
      ),
      isCode('LOOKASIDE_URL_UNSUPPORTED'),
    );
  });
});

describe('http:// lookaside store', () => {
  let server: Server;
  let base = '';
  const files = new Map<string, { status: number; body?: Uint8Array; delayMs?: number }>();
  before(async () => {
    server = createServer((req, res) => {
      const entry = files.get(req.url ?? '');
      const send = () => {
        res.writeHead(entry?.status ?? 404);
        res.end(entry?.body);
      };
      if (entry?.delayMs !== undefined) setTimeout(send, entry.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sigs`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const path = (repo: string, n: number) =>
    `/sigs/${repo}@sha256=${'cd'.repeat(32)}/signature-${n}`;

  it('reads signatures until the first 404', async () => {
    files.set(path('ok', 1), { status: 200, body: bytes('one') });
    files.set(path('ok', 2), { status: 200, body: bytes('two') });
    files.set(path('ok', 4), { status: 200, body: bytes('unreachable') });
    const read = await readLookasideSignatures({ base, repository: 'ok', digest: DIGEST });
    assert.deepEqual(
      read.map((b) => new TextDecoder().decode(b)),
      ['one', 'two'],
    );
  });

  it('reports a server error instead of treating it as the end', async () => {
    files.set(path('broken', 1), { status: 500 });
    await assert.rejects(
      readLookasideSignatures({ base, repository: 'broken', digest: DIGEST }),
      (e: unknown) => isCode('LOOKASIDE_READ_FAILED')(e) && /HTTP 500/.test((e as Error).message),
    );
  });

  it('refuses a body larger than a signature may be', async () => {
    files.set(path('huge', 1), {
      status: 200,
      body: new Uint8Array(MAX_LOOKASIDE_SIGNATURE_BYTES + 1),
    });
    await assert.rejects(
      readLookasideSignatures({ base, repository: 'huge', digest: DIGEST }),
      (e: unknown) =>
        isCode('LOOKASIDE_READ_FAILED')(e) && /larger than/.test((e as Error).message),
    );
  });

  it('gives up on a slow server after the timeout', async () => {
    files.set(path('slow', 1), { status: 200, body: bytes('late'), delayMs: 2000 });
    await assert.rejects(
      readLookasideSignatures({ base, repository: 'slow', digest: DIGEST }, { timeoutMs: 200 }),
      isCode('LOOKASIDE_READ_FAILED'),
    );
  });

  it('reports an unreachable server', async () => {
    await assert.rejects(
      readLookasideSignatures({ base: 'http://127.0.0.1:1/x', repository: 'a', digest: DIGEST }),
      isCode('LOOKASIDE_READ_FAILED'),
    );
  });
});

describe('file:// reading limits', () => {
  it('refuses an oversized signature file', async () => {
    const folder = join(dir, 'e', `app@sha256=${'cd'.repeat(32)}`);
    await placeSignatureFile(folder, bytes('x'));
    await writeFile(join(folder, 'signature-1'), new Uint8Array(MAX_LOOKASIDE_SIGNATURE_BYTES + 1));
    await assert.rejects(
      readLookasideSignatures({
        base: pathToFileURL(join(dir, 'e')).href,
        repository: 'app',
        digest: DIGEST,
      }),
      isCode('LOOKASIDE_READ_FAILED'),
    );
  });
});
