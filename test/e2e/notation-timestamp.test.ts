// RFC 3161 timestamps between notation and Signet: a timestamp authority served over HTTP
// by OpenSSL's TSA (`openssl ts -reply`, behind a minimal HTTP front written here), real
// notation 1.3 signing with `--timestamp-url` and Signet verifying the countersignature
// under a tsa trust store, and Signet signing with `--timestamp-url` and `notation verify`
// accepting it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { issueCertificate, type CertifiedKey } from '../../src/signing/notation/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  opensslSkipReason,
  opensslTimestampReply,
  writeOpensslTsa,
} from '../../src/testing/openssl-tsa.js';
import { findPeer } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import {
  notationTrustStore,
  runPeer,
  signetNotationVerify,
  succeeded,
  trustPolicy,
} from './notation-harness.js';

const notation = findPeer('notation');
const skip = notation.skipReason ?? opensslSkipReason();

/** An HTTP front for OpenSSL's TSA: each POSTed query becomes `openssl ts -reply`'s answer. */
async function startTsa(dir: string): Promise<{ server: Server; url: string }> {
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++n;
      const query = join(dir, `q${id}.tsq`);
      const reply = join(dir, `r${id}.tsr`);
      writeFile(query, Buffer.concat(chunks))
        .then(() => opensslTimestampReply(dir, query, reply))
        .then(() => readFile(reply))
        .then((bytes) => {
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          res.end(bytes);
        })
        .catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('RFC 3161 timestamps between notation and Signet', { skip }, () => {
  let registry: RunningRegistry;
  let home: string;
  let tsa: { server: Server; url: string };
  let tsaRoot: CertifiedKey;
  const images: Record<string, string> = {};
  const notationRun = async (...args: string[]) =>
    succeeded(await runPeer(notation, args, home), `notation ${args[0]}`);
  const trustStore = () => notationTrustStore(home);

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'signet-notation-tsa-'));
    await mkdir(join(home, 'config'));
    const tsaDir = join(home, 'tsa');
    await mkdir(tsaDir);
    tsaRoot = await issueCertificate({
      subject: 'C=US, ST=WA, O=TSA, CN=TSA Root',
      role: 'ca',
      keyType: 'rsa-2048',
    });
    const tsaLeaf = await issueCertificate({
      subject: 'C=US, ST=WA, O=TSA, CN=Timestamps',
      role: 'tsa',
      issuer: tsaRoot,
      keyType: 'rsa-2048',
    });
    await writeOpensslTsa(tsaDir, tsaLeaf, tsaRoot);
    await writeFile(join(home, 'tsa-root.crt'), tsaRoot.certificatePem);
    tsa = await startTsa(tsaDir);
    registry = await startInMemoryRegistry();
    const client = new RegistryClient();
    try {
      for (const name of ['by-notation', 'by-signet']) {
        const { digest } = await pushImage(
          client,
          parseReference(`${registry.host}/team/${name}:1`),
          buildImage(),
        );
        images[name] = `${registry.host}/team/${name}@${digest}`;
      }
    } finally {
      await client.close();
    }
    await notationRun('cert', 'generate-test', '--default', 'notation-key');
    await notationRun(
      'cert',
      'add',
      '--type',
      'tsa',
      '--store',
      'stamps',
      join(home, 'tsa-root.crt'),
    );
    const made = await runCli([
      'certs',
      'generate-test',
      'signet-key',
      '--dir',
      home,
      '--trust-store',
      trustStore(),
    ]);
    assert.equal(made.code, 0, made.stderr);
  });
  after(async () => {
    await registry?.stop();
    tsa?.server.close();
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  });

  it("verifies notation's timestamped signature against a tsa trust store", async () => {
    await notationRun(
      'sign',
      '--insecure-registry',
      '--timestamp-url',
      tsa.url,
      '--timestamp-root-cert',
      join(home, 'tsa-root.crt'),
      images['by-notation']!,
    );
    const listed = await runCli(['notation', 'list', '-o', 'json', images['by-notation']!]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { signatures: { timestamped: boolean }[] }).signatures.map(
        (s) => s.timestamped,
      ),
      [true],
    );
    await writeFile(join(home, 'notation.json'), trustPolicy(['ca:notation-key', 'tsa:stamps']));
    const verified = await signetNotationVerify(home, 'notation.json', images['by-notation']!);
    assert.equal(verified.code, 0, verified.stderr);
    // A tsa store holding another root: the countersignature is not trusted.
    await writeFile(
      join(home, 'wrong-tsa.json'),
      trustPolicy(['ca:notation-key', 'tsa:notation-key']),
    );
    await mkdir(join(trustStore(), 'x509', 'tsa', 'notation-key'), { recursive: true });
    await writeFile(
      join(trustStore(), 'x509', 'tsa', 'notation-key', 'other.crt'),
      await readFile(join(trustStore(), 'x509', 'ca', 'signet-key', 'signet-key.crt')),
    );
    const refused = await signetNotationVerify(home, 'wrong-tsa.json', images['by-notation']!);
    assert.equal(refused.code, 12, refused.stderr);
    assert.match(
      refused.stderr,
      /authenticTimestamp check .*timestamp .*not from a TSA in a tsa trust store/s,
    );
  });

  it('signs with a timestamp from the TSA, and notation verify accepts it', async () => {
    const signed = await runCli([
      'notation',
      'sign',
      '--key',
      join(home, 'signet-key.key'),
      '--cert',
      join(home, 'signet-key.crt'),
      '--timestamp-url',
      tsa.url,
      images['by-signet']!,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    await writeFile(join(home, 'signet.json'), trustPolicy(['ca:signet-key', 'tsa:stamps']));
    await notationRun('policy', 'import', '--force', 'signet.json');
    const verified = await notationRun('verify', '--insecure-registry', images['by-signet']!);
    assert.match(verified.stdout + verified.stderr, /Successfully verified signature/);
    const own = await signetNotationVerify(home, 'signet.json', images['by-signet']!);
    assert.equal(own.code, 0, own.stderr);
  });

  it('says when the timestamp authority cannot be reached', async () => {
    const signed = await runCli([
      'notation',
      'sign',
      '--key',
      join(home, 'signet-key.key'),
      '--cert',
      join(home, 'signet-key.crt'),
      '--timestamp-url',
      'http://127.0.0.1:9/',
      images['by-signet']!,
    ]);
    assert.equal(signed.code, 4, signed.stderr);
    assert.match(signed.stderr, /NOTATION_TSA_FAILED.*127\.0\.0\.1:9.*could not be reached/);
  });
});
