// Sigstore bundles for files between Signet and cosign v3: `sign-blob --bundle` by one
// tool verified by the other's `verify-blob --bundle --key`, without a log (cosign's
// `--tlog-upload=false`, accepted with `--insecure-ignore-tlog`) and with Signet's log
// (a hashedrekord entry checked against a trusted root naming the log's key).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPeer, peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { signet, startCosign, type Cosign } from './cosign-interop-harness.js';

const cosign3 = findPeer('cosign3');
/** cosign v3 without a signing config or log: the bundle holds only the signature. */
const COSIGN_NO_LOG = ['--tlog-upload=false', '--use-signing-config=false', '--new-bundle-format'];

describe('blob bundles with cosign v3', { skip: cosign3.skipReason }, () => {
  let cosign: Cosign;
  let log: RunningTlogServer;
  let emptyRoot: string;
  let logRoot: string;
  let strangerRoot: string;
  const file = (name: string) => join(cosign.dir, name);

  /** A file to sign, and the same name's content changed after signing. */
  async function artefact(name: string): Promise<{ path: string; tamper: () => Promise<void> }> {
    const path = file(name);
    await writeFile(path, `release artefact ${name}\n`);
    return { path, tamper: () => writeFile(path, `release artefact ${name}, altered\n`) };
  }

  async function trustedRoot(out: string, logKeyPem?: string): Promise<string> {
    const rekor =
      logKeyPem === undefined
        ? []
        : [`--rekor=url=${log.url},public-key=${logKeyPem},start-time=2020-01-01T00:00:00Z`];
    const made = await cosign.run(['trusted-root', 'create', ...rekor, '--out', out]);
    assert.equal(made.code, 0, made.stderr);
    return out;
  }

  before(async () => {
    cosign = await startCosign(peerPath(cosign3));
    log = await startTemporaryTlogServer();
    for (const prefix of ['cosign', 'signet']) {
      const made =
        prefix === 'cosign'
          ? await cosign.run(['generate-key-pair', '--output-key-prefix', file(prefix)])
          : await signet(['generate-key-pair', '--output-key-prefix', file(prefix)]);
      assert.equal(made.code, 0, made.stderr);
    }
    const rekor = new RekorClient(log.url);
    await writeFile(file('log.pub'), await rekor.publicKeyPem());
    await rekor.close();
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    await writeFile(file('stranger.pub'), stranger.export({ type: 'spki', format: 'pem' }));
    emptyRoot = await trustedRoot(file('empty-root.json'));
    logRoot = await trustedRoot(file('log-root.json'), file('log.pub'));
    strangerRoot = await trustedRoot(file('stranger-root.json'), file('stranger.pub'));
  });
  after(async () => {
    await log?.close();
    await cosign?.close();
  });

  it('verifies a bundle cosign sign-blob wrote without a log, and refuses a changed file', async () => {
    const { path, tamper } = await artefact('from-cosign.txt');
    const bundle = file('from-cosign.sigstore.json');
    const signed = await cosign.run([
      'sign-blob',
      '--key',
      file('cosign.key'),
      '--bundle',
      bundle,
      ...COSIGN_NO_LOG,
      '-y',
      path,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    const verify = (...extra: string[]) =>
      signet(['verify-blob', '--bundle', bundle, '--key', file('cosign.pub'), ...extra, path]);
    const ok = await verify('--insecure-ignore-tlog');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /Verified OK/);
    // As in cosign: a bundle with no log entry is refused unless the log is waived.
    const unlogged = await verify();
    assert.equal(unlogged.code, 12);
    assert.match(unlogged.stderr, /SIGSTORE_BUNDLE_UNVERIFIED/);
    const otherKey = await signet([
      'verify-blob',
      '--bundle',
      bundle,
      '--key',
      file('signet.pub'),
      '--insecure-ignore-tlog',
      path,
    ]);
    assert.equal(otherKey.code, 12);
    await tamper();
    const changed = await verify('--insecure-ignore-tlog');
    assert.equal(changed.code, 12);
    assert.match(changed.stderr, /SIGSTORE_BUNDLE_UNVERIFIED/);
  });

  it("writes cosign's bundle shape, which cosign verify-blob accepts and refuses for a changed file", async () => {
    const { path, tamper } = await artefact('from-signet.txt');
    const ours = file('from-signet.sigstore.json');
    const theirs = file('cosign-same-file.sigstore.json');
    const signArgs = (key: string, bundle: string) => [
      'sign-blob',
      '--key',
      key,
      '--bundle',
      bundle,
      ...COSIGN_NO_LOG,
      '-y',
      path,
    ];
    const signed = await signet(signArgs(file('signet.key'), ours));
    assert.equal(signed.code, 0, signed.stderr);
    assert.equal((await cosign.run(signArgs(file('cosign.key'), theirs))).code, 0);
    // The same members as cosign's bundle (signatures and hints differ by key).
    const shape = (text: string): unknown =>
      JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? '' : value));
    assert.deepEqual(shape(await readFile(ours, 'utf8')), shape(await readFile(theirs, 'utf8')));
    const cosignVerify = () =>
      cosign.run([
        'verify-blob',
        '--bundle',
        ours,
        '--key',
        file('signet.pub'),
        '--insecure-ignore-tlog',
        '--trusted-root',
        emptyRoot,
        path,
      ]);
    const ok = await cosignVerify();
    assert.equal(ok.code, 0, ok.stderr);
    await tamper();
    assert.notEqual((await cosignVerify()).code, 0);
  });

  it('writes the very bundle cosign writes for an Ed25519 key, and cosign verifies it', async () => {
    const made = await signet([
      'generate-key-pair',
      '--key-type',
      'ed25519',
      '--output-key-prefix',
      file('ed'),
    ]);
    assert.equal(made.code, 0, made.stderr);
    const { path } = await artefact('ed25519.txt');
    const sign = (run: Cosign['run'], bundle: string) =>
      run(['sign-blob', '--key', file('ed.key'), '--bundle', bundle, ...COSIGN_NO_LOG, '-y', path]);
    assert.equal((await sign(signet, file('ed-signet.json'))).code, 0);
    assert.equal((await sign((args) => cosign.run(args), file('ed-cosign.json'))).code, 0);
    // Pure Ed25519 is deterministic: the same key and file give cosign's signature. cosign
    // leaves messageDigest empty, and then refuses its own bundle under --trusted-root;
    // Signet writes the file's SHA-256 there, which cosign takes.
    const read = async (name: string) =>
      (
        JSON.parse(await readFile(file(name), 'utf8')) as {
          messageSignature: { signature: string };
        }
      ).messageSignature.signature;
    assert.equal(await read('ed-signet.json'), await read('ed-cosign.json'));
    const verified = await cosign.run([
      'verify-blob',
      '--bundle',
      file('ed-signet.json'),
      '--key',
      file('ed.pub'),
      '--insecure-ignore-tlog',
      '--trusted-root',
      emptyRoot,
      path,
    ]);
    assert.equal(verified.code, 0, verified.stderr);
  });

  it("records the signature in Signet's log and verifies the entry against the trusted root", async () => {
    const { path, tamper } = await artefact('logged.txt');
    const bundle = file('logged.sigstore.json');
    const signed = await signet([
      'sign-blob',
      '--key',
      file('signet.key'),
      '--bundle',
      bundle,
      '--tlog-url',
      log.url,
      path,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stderr, /Recorded in the transparency log/);
    const entries = (
      JSON.parse(await readFile(bundle, 'utf8')) as {
        verificationMaterial: {
          tlogEntries: {
            kindVersion: { kind: string };
            inclusionPromise?: unknown;
            inclusionProof?: unknown;
          }[];
        };
      }
    ).verificationMaterial.tlogEntries;
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.kindVersion.kind, 'hashedrekord');
    assert.ok(
      entries[0]!.inclusionPromise !== undefined || entries[0]!.inclusionProof !== undefined,
    );

    const verify = (root: string) =>
      signet([
        'verify-blob',
        '--bundle',
        bundle,
        '--key',
        file('signet.pub'),
        '--trusted-root',
        root,
        path,
      ]);
    const ok = await verify(logRoot);
    assert.equal(ok.code, 0, ok.stderr);
    // The same bundle, checked by cosign against the same trusted root.
    const byCosign = await cosign.run([
      'verify-blob',
      '--bundle',
      bundle,
      '--key',
      file('signet.pub'),
      '--trusted-root',
      logRoot,
      path,
    ]);
    assert.equal(byCosign.code, 0, byCosign.stderr);
    // A log the trusted root does not name proves nothing.
    const stranger = await verify(strangerRoot);
    assert.equal(stranger.code, 12);
    await tamper();
    assert.equal((await verify(logRoot)).code, 12);
  });
});
