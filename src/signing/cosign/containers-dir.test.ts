import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  encodeContainersSigstoreSignature,
  parseContainersSignature,
  readContainersDir,
} from './containers-dir.js';
import { CosignAnnotation, CosignMediaType, type SignatureLayer } from './signature-layer.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const layer: SignatureLayer = {
  mediaType: CosignMediaType.SimpleSigning,
  payload: new TextEncoder().encode('{"critical":{}}'),
  annotations: { [CosignAnnotation.Signature]: 'MEUCIQ==' },
};

describe('parseContainersSignature', () => {
  it('round-trips a sigstore-json file', () => {
    const bytes = encodeContainersSigstoreSignature(layer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 15)), '\x00sigstore-json\n');
    assert.deepEqual(parseContainersSignature(bytes, 'signature-1'), { kind: 'sigstore', layer });
  });

  it('classifies a file not starting with a zero byte as GPG simple signing', () => {
    const gpg = new Uint8Array([0xa3, 0x01, 0x02]);
    assert.deepEqual(parseContainersSignature(gpg, 'signature-1'), {
      kind: 'simple-signing',
      bytes: gpg,
    });
  });

  const enc = (text: string) => new TextEncoder().encode(text);
  const bad: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(), /empty/],
    ['a marker without newline', enc('\x00sigstore-json'), /no newline/],
    ['an unknown format', enc('\x00x509-json\n{}'), /format "x509-json"/],
    ['data that is not JSON', enc('\x00sigstore-json\n{'), /not UTF-8 JSON/],
    ['a missing mimeType', enc('\x00sigstore-json\n{"payload":""}'), /mimeType/],
    [
      'a payload that is not base64',
      enc('\x00sigstore-json\n{"mimeType":"a","payload":"%%"}'),
      /not base64/,
    ],
    [
      'a non-string annotation',
      enc('\x00sigstore-json\n{"mimeType":"a","payload":"","annotations":{"k":1}}'),
      /annotation "k"/,
    ],
    [
      'an unknown member',
      enc('\x00sigstore-json\n{"mimeType":"a","payload":"","extra":1}'),
      /unknown member/,
    ],
  ];
  for (const [name, bytes, message] of bad) {
    it(`rejects ${name}, naming the file`, () => {
      assert.throws(
        () => parseContainersSignature(bytes, 'img/signature-3'),
        (error: Error & { code?: string }) => {
          return (
            error.code === 'CONTAINERS_SIGNATURE_INVALID' &&
            message.test(error.message) &&
            error.message.includes('img/signature-3')
          );
        },
      );
    });
  }
});

describe('readContainersDir', () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads manifest.json and signature-N until the first gap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-dir-'));
    dirs.push(dir);
    await writeFile(join(dir, 'manifest.json'), '{"schemaVersion":2}');
    await writeFile(join(dir, 'signature-1'), encodeContainersSigstoreSignature(layer));
    await writeFile(join(dir, 'signature-2'), new Uint8Array([0xa3, 1]));
    await writeFile(join(dir, 'signature-4'), 'ignored after the gap');
    const image = await readContainersDir(dir);
    assert.equal(
      image.manifestDigest,
      'sha256:' +
        (await import('node:crypto'))
          .createHash('sha256')
          .update('{"schemaVersion":2}')
          .digest('hex'),
    );
    assert.deepEqual(
      image.signatures.map((s) => s.kind),
      ['sigstore', 'simple-signing'],
    );
  });

  it('reports a missing manifest.json clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-dir-'));
    dirs.push(dir);
    await assert.rejects(readContainersDir(dir), {
      code: 'CONTAINERS_DIR_NO_MANIFEST',
      message: /has no manifest\.json/,
    });
  });

  it('refuses a manifest above the bound', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-dir-'));
    dirs.push(dir);
    await writeFile(join(dir, 'manifest.json'), new Uint8Array(4 * 1024 * 1024 + 1));
    await assert.rejects(readContainersDir(dir), {
      code: 'CONTAINERS_DIR_INVALID',
      message: /exceed/,
    });
  });

  it('reads every cosign fixture of containers/image', async (t) => {
    if (!existsSync(FIXTURES))
      return t.skip(`fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES`);
    // The fixture copy stores git symlinks as small files holding the relative target path.
    const followLinks = async (path: string, maxBytes: number): Promise<Uint8Array> => {
      const bytes = await readFile(path);
      const text = bytes.length < 200 ? bytes.toString('utf8') : '';
      if (/^\.\.\/[\w./-]+$/.test(text)) return followLinks(resolve(dirname(path), text), maxBytes);
      return new Uint8Array(bytes);
    };
    const image = await readContainersDir(join(FIXTURES, 'dir-img-cosign-valid-2'), {
      readFile: followLinks,
    });
    assert.equal(
      image.manifestDigest,
      'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
    );
    assert.equal(image.signatures.length, 2);
    for (const signature of image.signatures) {
      assert.equal(signature.kind, 'sigstore');
      if (signature.kind === 'sigstore')
        assert.equal(signature.layer.mediaType, CosignMediaType.SimpleSigning);
    }
  });
});
