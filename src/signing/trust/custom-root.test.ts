import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import { SignetError } from '../../core/errors.js';
import { createKeylessPki } from '../../testing/keyless-pki.js';
import {
  chainFileRoot,
  customTrustedRoot,
  mergeTrustedRoots,
  readPemCertificates,
} from './custom-root.js';
import { publicGoodTrustedRoot } from './public-good.js';

const refused = (message: RegExp) => (error: unknown) =>
  error instanceof SignetError &&
  error.code === 'TRUSTED_ROOT_INVALID' &&
  message.test(error.message);

describe('trusted roots from loose trust material', () => {
  it('makes one CA per root, with every intermediate before it, valid from the earliest', async () => {
    const pki = await createKeylessPki();
    const root = customTrustedRoot({
      roots: { pem: pki.rootPem, source: 'root.pem' },
      intermediates: { pem: pki.intermediatePem, source: 'chain.pem' },
    });
    assert.equal(root.certificateAuthorities.length, 1);
    assert.equal(root.certificateAuthorities[0]!.certChain!.certificates.length, 2);
    assert.ok(root.certificateAuthorities[0]!.validFor!.start! < new Date());
    assert.equal(root.tlogs.length, 0);
  });

  it('reads --certificate-chain as intermediates then a self-signed root', async () => {
    const pki = await createKeylessPki();
    const input = chainFileRoot(pki.chainPem, 'chain.pem');
    assert.equal(readPemCertificates(input.roots!.pem, 'r').length, 1);
    assert.equal(readPemCertificates(input.intermediates!.pem, 'i').length, 1);
    assert.throws(
      () => chainFileRoot(pki.intermediatePem, 'chain.pem'),
      refused(/chain\.pem: the last certificate .* is not a self-signed root/),
    );
  });

  it('names a log key by the SHA-256 of its DER key, with its URL', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const root = customTrustedRoot({
      logKeys: [{ key: publicKey }],
      logUrl: 'https://tlog.example',
    });
    assert.equal(root.tlogs.length, 1);
    assert.equal(root.tlogs[0]!.baseUrl, 'https://tlog.example');
    assert.equal(root.tlogs[0]!.logId!.keyId.length, 32);
    const merged = mergeTrustedRoots(publicGoodTrustedRoot(), root);
    assert.equal(merged.tlogs.length, publicGoodTrustedRoot().tlogs.length + 1);
  });

  it('labels each log key with its own type and hash', () => {
    const key = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve }).publicKey;
    const root = customTrustedRoot({
      logKeys: [
        { key: key('P-256') },
        { key: key('P-384') },
        { key: generateKeyPairSync('ed25519').publicKey },
      ],
      logUrl: 'https://tlog.example',
    });
    assert.deepEqual(
      root.tlogs.map((t) => t.publicKey!.keyDetails),
      [
        PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
        PublicKeyDetails.PKIX_ECDSA_P384_SHA_384,
        PublicKeyDetails.PKIX_ED25519,
      ],
    );
  });

  it('refuses files without certificates, or with broken ones', () => {
    assert.throws(
      () => readPemCertificates('nothing here', 'roots.pem'),
      refused(/roots\.pem: no PEM certificate/),
    );
    assert.throws(
      () =>
        readPemCertificates(
          '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
          'roots.pem',
        ),
      refused(/roots\.pem: certificate 1 is not X\.509/),
    );
  });

  it('adds CT log keys and TSA chains, which merging keeps', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pki = await createKeylessPki('tsa');
    const root = customTrustedRoot({
      ctLogKeys: [{ key: publicKey }],
      timestampAuthorities: [{ pem: pki.chainPem, source: 'tsa.pem' }],
    });
    assert.equal(root.ctlogs.length, 1);
    assert.equal(root.timestampAuthorities[0]!.certChain!.certificates.length, 2);
    const merged = mergeTrustedRoots(publicGoodTrustedRoot(), root);
    assert.equal(merged.ctlogs.length, publicGoodTrustedRoot().ctlogs.length + 1);
    assert.equal(
      merged.timestampAuthorities.length,
      publicGoodTrustedRoot().timestampAuthorities.length + 1,
    );
  });
});
