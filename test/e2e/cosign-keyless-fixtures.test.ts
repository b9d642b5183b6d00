// `signet verify` keyless on signatures made by real cosign (containers/image fixtures, see
// ../shared/fixtures/README.md), laid out in a registry as cosign lays them out: the
// `.sig` tag of the image digest holding the fixture's layer. A Fulcio certificate with a
// public Rekor entry verifies with the public-good trusted root (offline, from
// @sigstore/tuf); a private-PKI certificate with its own roots, given as cosign's
// --ca-roots/--ca-intermediates or --certificate-chain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCosignSignatureLines } from '../../src/signing/remote/index.js';
import { readContainersDir } from '../../src/signing/cosign/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { pushCosignAttachment } from '../../src/testing/cosign-attachment.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { FIXTURES_DIR, fixturesSkipReason } from '../support/fixtures.js';

const DIR = join(FIXTURES_DIR, 'containers-image');
const skip = fixturesSkipReason('containers-image');

interface CosignJson {
  critical: { image: { 'docker-manifest-digest': string } };
  optional: Record<string, unknown>;
}

describe('signet verify keyless on cosign fixtures', { skip }, () => {
  let registry: RunningRegistry;
  const images: Record<string, string> = {};

  /** Pushes the fixture's signature layer as the `.sig` tag; returns `host/repo@digest`. */
  async function lay(name: string, repo: string): Promise<string> {
    const image = await readContainersDir(join(DIR, name));
    const signature = image.signatures[0];
    assert.equal(signature?.kind, 'sigstore');
    const client = new RegistryClient();
    try {
      await pushCosignAttachment(client, `${registry.host}/${repo}`, image.manifestDigest, 'sig', [
        {
          mediaType: signature.layer.mediaType,
          bytes: signature.layer.payload,
          annotations: { ...signature.layer.annotations },
        },
      ]);
    } finally {
      await client.close();
    }
    return `${registry.host}/${repo}@${image.manifestDigest}`;
  }

  before(async () => {
    registry = await startInMemoryRegistry();
    images.fulcio = await lay('dir-img-cosign-fulcio-rekor-valid', 'cosign-signed/fulcio-rekor-1');
    images.pki = await lay('dir-img-cosign-pki-valid', 'test');
  });
  after(() => registry?.stop());

  it('verifies the Fulcio + public Rekor signature with the public-good root, as cosign prints it', async () => {
    const run = await runCli([
      'verify',
      '--certificate-identity',
      'mitr@redhat.com',
      '--certificate-oidc-issuer',
      'https://github.com/login/oauth',
      images.fulcio!,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const [signature] = JSON.parse(run.stdout) as CosignJson[];
    assert.equal(signature!.critical.image['docker-manifest-digest'], images.fulcio!.split('@')[1]);
    assert.equal(signature!.optional.Subject, 'mitr@redhat.com');
    assert.equal(signature!.optional.Issuer, 'https://github.com/login/oauth');
    assert.equal(signature!.optional['1.3.6.1.4.1.57264.1.1'], 'https://github.com/login/oauth');
    assert.equal(
      (signature!.optional.Bundle as { Payload: { logIndex: number } }).Payload.logIndex,
      11605770,
    );
    assert.match(run.stderr, /certificate was verified using trusted certificate authority/);
    assert.match(run.stderr, /logged at index 11605770/);
  });

  it('refuses the Fulcio signature for another identity, naming the one found (exit 12)', async () => {
    const run = await runCli([
      'verify',
      '--certificate-identity-regexp',
      '^alice@',
      '--certificate-oidc-issuer',
      'https://github.com/login/oauth',
      images.fulcio!,
    ]);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stderr, /certificate identity "mitr@redhat\.com" does not match \/\^alice@\//);
    assert.equal(run.stdout, '');
  });

  it('refuses the private PKI signature with the public-good root', async () => {
    const run = await runCli([
      'verify',
      '--certificate-identity',
      'qiwan@redhat.com',
      '--certificate-oidc-issuer-regexp',
      '.*',
      '--insecure-ignore-tlog',
      images.pki!,
    ]);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stderr, /CERTIFICATE_ERROR/);
  });

  for (const [how, flags] of [
    [
      '--ca-roots and --ca-intermediates',
      [
        '--ca-roots',
        join(DIR, 'pki_root_crts.pem'),
        '--ca-intermediates',
        join(DIR, 'pki_intermediate_crts.pem'),
      ],
    ],
    ['--certificate-chain', ['--certificate-chain', join(DIR, 'pki-chain')]],
  ] as const) {
    it(`verifies the private PKI signature with its roots given as ${how}`, async () => {
      const run = await runCli([
        'verify',
        ...flags,
        '--certificate-identity',
        'qiwan@redhat.com',
        '--certificate-oidc-issuer-regexp',
        '.*',
        '--insecure-ignore-sct',
        '--insecure-ignore-tlog',
        images.pki!,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const [signature] = JSON.parse(run.stdout) as CosignJson[];
      assert.equal(signature!.optional.Subject, 'qiwan@redhat.com');
      assert.equal(signature!.optional.Issuer, undefined);
    });
  }

  it('requires an SCT and a log entry of the private PKI signature unless told otherwise', async () => {
    const base = [
      'verify',
      '--certificate-chain',
      join(DIR, 'pki-chain'),
      '--certificate-identity',
      'qiwan@redhat.com',
      '--certificate-oidc-issuer-regexp',
      '.*',
    ];
    const noTlog = await runCli([...base, '--insecure-ignore-sct', images.pki!]);
    assert.equal(noTlog.code, 2, noTlog.stderr);
    assert.match(noTlog.stderr, /no transparency log is trusted/);
    const noSct = await runCli([...base, '--insecure-ignore-tlog', images.pki!]);
    assert.equal(noSct.code, 12, noSct.stderr);
    assert.match(noSct.stderr, /no SCT from a trusted CT log/);
  });

  it('verifies the Fulcio signature offline from cosign download signature lines', async () => {
    const image = await readContainersDir(join(DIR, 'dir-img-cosign-fulcio-rekor-valid'));
    const signature = image.signatures[0];
    assert.equal(signature?.kind, 'sigstore');
    const dir = await mkdtemp(join(tmpdir(), 'signet-keyless-offline-'));
    try {
      const file = join(dir, 'signatures.txt');
      const set = {
        imageDigest: image.manifestDigest,
        legacy: { reference: 'fixture', manifestDigest: '', layers: [signature.layer] },
        bundles: [],
        problems: [],
      };
      await writeFile(file, encodeCosignSignatureLines(set));
      const args = [
        'verify',
        '--offline',
        '--signatures',
        file,
        '--certificate-oidc-issuer',
        'https://github.com/login/oauth',
      ];
      const image1 = `registry.example/app@${image.manifestDigest}`;
      const run = await runCli([...args, '--certificate-identity', 'mitr@redhat.com', image1]);
      assert.equal(run.code, 0, run.stderr);
      const wrong = await runCli([...args, '--certificate-identity', 'x@redhat.com', image1]);
      assert.equal(wrong.code, 12, wrong.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
