// A TrustRoot's sigstoreKeys become the Sigstore trusted root keyless verification reads:
// every CA chain, Rekor log, CT log and TSA kept, logs identified by their key's SHA-256,
// and TUF-backed TrustRoots refused with a reason.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { generateKeyPair } from '../../core/keys/index.js';
import { createCertificateAuthority } from '../../core/x509/index.js';
import { parsePolicyYaml } from '../parse-documents.js';
import type { TrustRootDocument } from '../trust-root-types.js';
import { certificateAuthoritiesOfPem, trustedRootOfTrustRoot } from './trust-root-material.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
let caPem = '';
let logKeyPem = '';
let ctKeyPem = '';

function trustRoot(spec: string): TrustRootDocument {
  const parsed = parsePolicyYaml(
    `apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata:\n  name: private\nspec:\n${spec}\n`,
    't.yaml',
  );
  assert.deepEqual(parsed.problems, []);
  return parsed.trustRoots[0]!;
}

describe('trust material of a TrustRoot', () => {
  before(async () => {
    const validity = {
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
    };
    caPem = (await createCertificateAuthority('private fulcio', validity)).certificatePem;
    logKeyPem = (await generateKeyPair('ecdsa-p256')).publicKey.pem;
    ctKeyPem = (await generateKeyPair('ecdsa-p384')).publicKey.pem;
  });

  it('keeps every authority and log of sigstoreKeys', () => {
    const material = trustedRootOfTrustRoot(
      trustRoot(`  sigstoreKeys:
    certificateAuthorities:
    - {subject: {organization: o, commonName: c}, uri: "https://fulcio.example", certChain: ${b64(caPem)}}
    tLogs:
    - {baseURL: "https://rekor.example", hashAlgorithm: sha-256, publicKey: ${b64(logKeyPem)}}
    ctLogs:
    - {baseURL: "https://ct.example", hashAlgorithm: sha-256, publicKey: ${b64(ctKeyPem)}}`),
    );
    assert.ok(material.ok, material.ok ? '' : material.reason);
    const { root } = material;
    assert.equal(root.certificateAuthorities.length, 1);
    const ca = root.certificateAuthorities[0]!;
    assert.equal(ca.uri, 'https://fulcio.example');
    const der = ca.certChain!.certificates[0]!.rawBytes;
    assert.equal(new X509Certificate(der).subject, 'CN=private fulcio');
    // Trusted from the certificate's own start, not from before it existed.
    assert.equal(ca.validFor?.start?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(root.tlogs.length, 1);
    const log = root.tlogs[0]!;
    assert.equal(log.baseUrl, 'https://rekor.example');
    const logDer = Buffer.from(log.publicKey!.rawBytes!);
    assert.deepEqual(Buffer.from(log.logId!.keyId), createHash('sha256').update(logDer).digest());
    assert.equal(root.ctlogs.length, 1);
    assert.equal(root.timestampAuthorities.length, 0);
  });

  it('refuses a TrustRoot that names a TUF repository, saying what to give instead', () => {
    const rootJson = b64('{"signed":{"_type":"root"},"signatures":[{"keyid":"k","sig":"00"}]}');
    const material = trustedRootOfTrustRoot(
      trustRoot(`  remote:\n    mirror: https://tuf.example\n    root: ${rootJson}`),
    );
    assert.equal(material.ok, false);
    assert.match(
      material.ok ? '' : material.reason,
      /^TrustRoot "private" names a TUF repository \(remote\), which Signet does not read; give its trusted root as spec.sigstoreKeys$/,
    );
  });

  it('reads ca-cert PEM as one certificate authority', () => {
    const authorities = certificateAuthoritiesOfPem(caPem, 'keyless.ca-cert.data');
    assert.equal(authorities.length, 1);
    assert.equal(authorities[0]!.certChain!.certificates.length, 1);
  });

  it('refuses ca-cert text without certificates', () => {
    assert.throws(
      () => certificateAuthoritiesOfPem(logKeyPem, 'keyless.ca-cert.data'),
      /keyless\.ca-cert\.data: certificateAuthorities\[0\]\.certChain has no certificates/,
    );
  });
});
