// `signet notation` on bad input, against the embedded registry: every refusal is a typed
// error with the documented exit code, naming the image, file or check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf } from '../../src/core/digest.js';
import { MediaType } from '../../src/oci/manifest/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  issueCertificate,
  signNotationEnvelope,
  type CertifiedKey,
} from '../../src/signing/notation/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';

const EMPTY = new TextEncoder().encode('{}');

describe('signet notation on bad input', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let dir: string;
  let key: CertifiedKey;
  const image = (name: string) => `${registry.host}/team/${name}:1`;
  const file = (name: string) => join(dir, name);
  const env = () => ({ XDG_CONFIG_HOME: join(dir, 'no-config') });
  const verify = async (name: string, policy = 'policy.json') =>
    runCli(
      [
        'notation',
        'verify',
        '--trust-policy',
        file(policy),
        '--trust-store',
        file('store'),
        image(name),
      ],
      env(),
    );

  /** Pushes `bytes` as a Notary signature layer of `name` without checking them. */
  async function attachRaw(name: string, mediaType: string, bytes: Uint8Array) {
    const ref = parseReference(image(name));
    const descriptor = (await client.headManifest(ref))!;
    await client.putBlob(ref, EMPTY);
    await client.putBlob(ref, bytes);
    await client.pushReferrer(ref, {
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: {
        mediaType: 'application/vnd.cncf.notary.signature',
        digest: digestOf(EMPTY),
        size: 2,
      },
      layers: [{ mediaType, digest: digestOf(bytes), size: bytes.length }],
      subject: {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
      },
    });
  }

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
    dir = await mkdtemp(join(tmpdir(), 'signet-notation-cli-'));
    const made = await runCli([
      'certs',
      'generate-test',
      'team',
      '--dir',
      dir,
      '--trust-store',
      file('store'),
      '--key-type',
      'ec-256',
    ]);
    assert.equal(made.code, 0, made.stderr);
    key = await issueCertificate({
      subject: 'C=US, ST=WA, O=Notary, CN=other',
      role: 'leaf',
      keyType: 'ec-256',
    });
    await writeFile(file('other.key'), key.privateKeyPem);
    await writeFile(
      file('policy.json'),
      JSON.stringify({
        version: '1.0',
        trustPolicies: [
          {
            name: 'team',
            registryScopes: [
              `${registry.host}/team/signed`,
              `${registry.host}/team/garbage`,
              `${registry.host}/team/bad-cert`,
              `${registry.host}/team/unsigned`,
            ],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:team'],
            trustedIdentities: ['*'],
          },
        ],
      }),
    );
    await writeFile(
      file('broken.json'),
      JSON.stringify({
        version: '1.0',
        trustPolicies: [
          {
            name: 'x',
            registryScopes: ['*'],
            signatureVerification: { level: 'loose' },
            trustStores: ['team'],
            trustedIdentities: ['CN=x'],
          },
        ],
      }),
    );
    for (const name of ['signed', 'garbage', 'bad-cert', 'unsigned', 'elsewhere'])
      await pushImage(client, parseReference(image(name)), buildImage());
    const signed = await runCli([
      'notation',
      'sign',
      '--key',
      file('team.key'),
      '--cert',
      file('team.crt'),
      image('signed'),
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    await attachRaw('garbage', 'application/cose', new TextEncoder().encode('not cbor at all'));
    const good = signNotationEnvelope({
      format: 'jws',
      target: (await client.headManifest(parseReference(image('bad-cert'))))!,
      privateKey: key.privateKey,
      chain: [key.certificate],
    });
    const doc = JSON.parse(new TextDecoder().decode(good.bytes)) as { header: { x5c: string[] } };
    doc.header.x5c = [Buffer.from('definitely not DER').toString('base64')];
    await attachRaw(
      'bad-cert',
      'application/jose+json',
      new TextEncoder().encode(JSON.stringify(doc)),
    );
  });
  after(async () => {
    await client?.close();
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('verifies the signed image', async () => {
    const run = await verify('signed');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /verified signature sha256:/);
  });

  it('names the image and the integrity check for an envelope that is not CBOR (exit 12)', async () => {
    const run = await verify('garbage');
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stderr, /NOTATION_VERIFICATION_FAILED/);
    assert.match(run.stderr, /team\/garbage:1@sha256:[0-9a-f]{64}/);
    assert.match(
      run.stderr,
      /integrity check failed: .*not a tagged COSE_Sign1 message \[NOTATION_ENVELOPE_INVALID\]/,
    );
  });

  it('names the image and the integrity check for an envelope whose certificate is not DER (exit 12)', async () => {
    const run = await verify('bad-cert');
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stderr, /team\/bad-cert:1@sha256:[0-9a-f]{64}/);
    assert.match(
      run.stderr,
      /integrity check failed: .*not a DER X\.509 certificate \[NOTATION_CERTIFICATE_INVALID\]/,
    );
  });

  it('says an unsigned image has no Notary signature (exit 10)', async () => {
    const run = await verify('unsigned');
    assert.equal(run.code, 10, run.stderr);
    assert.match(run.stderr, /NOTATION_SIGNATURE_NOT_FOUND.*team\/unsigned:1@sha256:/);
  });

  it('refuses an image no statement scopes (exit 3)', async () => {
    const run = await verify('elsewhere');
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /NOTATION_NO_TRUST_POLICY.*team\/elsewhere/);
  });

  it('lists every problem of an invalid trust policy (exit 3)', async () => {
    const run = await verify('signed', 'broken.json');
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /NOTATION_TRUST_POLICY_INVALID/);
    assert.match(run.stderr, /signatureVerification\.level/);
    assert.match(run.stderr, /trustStores: "team" is not type:name/);
    assert.match(run.stderr, /trustedIdentities: "CN=x"/);
  });

  it('asks for a trust policy when none is given or found', async () => {
    const run = await runCli(['notation', 'verify', image('signed')], env());
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /no trust policy given \(--trust-policy\)/);
  });

  it('refuses a key that does not belong to the certificate (exit 2)', async () => {
    const run = await runCli([
      'notation',
      'sign',
      '--key',
      file('other.key'),
      '--cert',
      file('team.crt'),
      image('unsigned'),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /NOTATION_SIGN_INPUT_INVALID.*does not belong to certificate/);
  });

  it('refuses an unknown signature format (exit 2)', async () => {
    const run = await runCli([
      'notation',
      'sign',
      '--key',
      file('team.key'),
      '--cert',
      file('team.crt'),
      '--signature-format',
      'pgp',
      image('unsigned'),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--signature-format must be jws or cose/);
  });

  it('lists an unreadable envelope as unreadable without failing', async () => {
    const run = await runCli(['notation', 'list', image('garbage')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /application\/cose: unreadable: .*not a tagged COSE_Sign1 message/);
  });
});
