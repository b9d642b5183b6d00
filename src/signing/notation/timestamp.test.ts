// RFC 3161 timestamp countersignatures, with tokens made by OpenSSL's TSA (`openssl ts
// -reply`, a real, independent implementation) over the envelope's signature bytes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeEnvelope } from './envelope.js';
import { signNotationEnvelope } from './sign.js';
import { issueCertificate, type CertifiedKey } from './test-certificates.js';
import { withTimestampToken } from './timestamp-header.js';
import { verifyTimestamp } from './timestamp.js';
import { validateTrustPolicy } from './trust-policy.js';
import { memoryTrustStore } from './trust-store.js';
import { verifyImageSignatures } from './verify-image.js';
import {
  OPENSSL,
  opensslSkipReason,
  opensslTimestampReply,
  writeOpensslTsa,
} from '../../testing/openssl-tsa.js';

const run = promisify(execFile);
const skip = opensslSkipReason();
const DIGEST = `sha256:${'12'.repeat(32)}`;
const target = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: DIGEST,
  size: 10,
};

describe('RFC 3161 timestamps of Notary signatures', { skip }, () => {
  let dir: string;
  let tsaRoot: CertifiedKey;
  let tsa: CertifiedKey;
  let signer: CertifiedKey;
  let signerRoot: CertifiedKey;

  /** A TimeStampToken from OpenSSL's TSA over `data`. */
  async function stamp(data: Uint8Array): Promise<Uint8Array> {
    await writeFile(join(dir, 'data.bin'), data);
    await run(OPENSSL, [
      'ts',
      '-query',
      '-data',
      join(dir, 'data.bin'),
      '-sha256',
      '-cert',
      '-no_nonce',
      '-out',
      join(dir, 'req.tsq'),
    ]);
    await opensslTimestampReply(dir, join(dir, 'req.tsq'), join(dir, 'token.der'), true);
    return readFile(join(dir, 'token.der'));
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-tsa-'));
    tsaRoot = await issueCertificate({
      subject: 'C=US, ST=WA, O=TSA, CN=TSA Root',
      role: 'ca',
      keyType: 'ec-256',
    });
    tsa = await issueCertificate({
      subject: 'C=US, ST=WA, O=TSA, CN=Timestamps',
      role: 'tsa',
      issuer: tsaRoot,
      keyType: 'ec-256',
    });
    signerRoot = await issueCertificate({
      subject: 'C=US, ST=WA, O=Acme, CN=Root',
      role: 'ca',
      keyType: 'ec-256',
    });
    signer = await issueCertificate({
      subject: 'C=US, ST=WA, O=Acme, CN=release',
      role: 'leaf',
      issuer: signerRoot,
      keyType: 'ec-256',
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() + 3_600_000),
    });
    await writeOpensslTsa(dir, tsa, tsaRoot);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const envelope = () =>
    signNotationEnvelope({
      format: 'cose',
      target,
      privateKey: signer.privateKey,
      chain: [signer.certificate, signerRoot.certificate],
    });

  it('verifies an OpenSSL token over the signature and returns the stamped time', async () => {
    const e = envelope();
    const info = decodeEnvelope(e.bytes, e.mediaType, 'x');
    const time = verifyTimestamp(
      await stamp(info.signature),
      info.signature,
      [tsaRoot.certificate],
      'x',
    );
    assert.ok(Math.abs(time.getTime() - Date.now()) < 60_000);
  });

  it('refuses a token over other data, from an untrusted TSA, or malformed', async () => {
    const e = envelope();
    const info = decodeEnvelope(e.bytes, e.mediaType, 'the signature of app@sha256:12');
    const other = await stamp(Buffer.from('something else'));
    const isAuthenticTimestamp =
      (text: RegExp) => (err: Error & { details?: Record<string, unknown> }) =>
        err.details?.check === 'authenticTimestamp' &&
        text.test(err.message) &&
        err.message.includes('app@sha256:12');
    assert.throws(
      () =>
        verifyTimestamp(
          other,
          info.signature,
          [tsaRoot.certificate],
          'the signature of app@sha256:12',
        ),
      isAuthenticTimestamp(/stamps other data/),
    );
    const token = await stamp(info.signature);
    assert.throws(
      () =>
        verifyTimestamp(
          token,
          info.signature,
          [signerRoot.certificate],
          'the signature of app@sha256:12',
        ),
      isAuthenticTimestamp(/not from a TSA in a tsa trust store/),
    );
    assert.throws(
      () =>
        verifyTimestamp(
          token.subarray(0, 40),
          info.signature,
          [tsaRoot.certificate],
          'the signature of app@sha256:12',
        ),
      isAuthenticTimestamp(/timestamp/),
    );
  });

  for (const format of ['jws', 'cose'] as const) {
    it(`trusts a ${format.toUpperCase()} signature whose certificate has expired since, through its timestamp`, async () => {
      const e = signNotationEnvelope({
        format,
        target,
        privateKey: signer.privateKey,
        chain: [signer.certificate, signerRoot.certificate],
      });
      const info = decodeEnvelope(e.bytes, e.mediaType, 'x');
      const stamped = withTimestampToken(e, await stamp(info.signature));
      const policy = (stores: string[]) =>
        validateTrustPolicy(
          {
            version: '1.0',
            trustPolicies: [
              {
                name: 'p',
                registryScopes: ['*'],
                signatureVerification: { level: 'strict' },
                trustStores: stores,
                trustedIdentities: ['*'],
              },
            ],
          },
          'x',
        );
      const trust = {
        trustStore: memoryTrustStore({
          'ca:acme': [signerRoot.certificate],
          'tsa:stamps': [tsaRoot.certificate],
        }),
        crls: [],
      };
      const later = new Date(Date.now() + 2 * 3_600_000);
      const request = (stores: string[]) => ({
        image: 'reg/app@x',
        scope: 'reg/app',
        digest: DIGEST,
        policy: policy(stores),
        trust,
        now: later,
      });
      const envelopes = [{ manifestDigest: 'sha256:s', ...stamped }];
      const result = await verifyImageSignatures(request(['ca:acme', 'tsa:stamps']), envelopes);
      assert.equal(
        result.signature?.checks.find((c) => c.check === 'authenticTimestamp')?.result,
        'passed',
      );
      // Without a tsa store the timestamp is not trusted, and the certificate has expired.
      await assert.rejects(
        verifyImageSignatures(request(['ca:acme']), envelopes),
        /authenticTimestamp check .* expired at/,
      );
    });
  }
});
