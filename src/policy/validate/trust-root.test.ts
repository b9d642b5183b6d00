// TrustRoot documents (policy.sigstore.dev/v1alpha1) read beside the policies, accepted and
// refused as policy-controller's trustroot_validation.go does, with the trust material
// checked and every problem reported at its line and column.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../../core/keys/index.js';
import { tlogTlsMaterial, type TlogTlsMaterial } from '../../testing/tlog-tls.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { formatProblem } from '../problems.js';

let tls: TlogTlsMaterial;
let logKeyPem = '';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const ROOT_JSON = '{"signed":{"_type":"root"},"signatures":[{"keyid":"k","sig":"00"}]}';

function trustRoot(spec: string, apiVersion = 'policy.sigstore.dev/v1alpha1'): string {
  return `apiVersion: ${apiVersion}\nkind: TrustRoot\nmetadata:\n  name: my-sigstore-keys\nspec:\n${spec}\n`;
}

function sigstoreKeys(): string {
  return `  sigstoreKeys:
    certificateAuthorities:
    - subject: {organization: fulcio-organization, commonName: fulcio-common-name}
      uri: https://fulcio.example.com
      certChain: ${b64(tls.serverCaPem)}
    tLogs:
    - {baseURL: "https://rekor.example.com", hashAlgorithm: sha-256, publicKey: ${b64(logKeyPem)}}
    ctLogs:
    - {baseURL: "https://ctfe.example.com", hashAlgorithm: sha-256, publicKey: ${b64(logKeyPem)}}
    timestampAuthorities:
    - subject: {organization: tsa-organization, commonName: tsa-common-name}
      uri: https://tsa.example.com
      certChain: ${b64(tls.server.certificatePem + tls.serverCaPem)}`;
}

function errorsOf(text: string): string[] {
  return parsePolicyYaml(text, 't.yaml')
    .problems.filter((p) => p.severity === 'error')
    .map((p) => formatProblem(p).replace(/^t\.yaml:/, ''));
}

describe('TrustRoot documents', () => {
  before(async () => {
    tls = await tlogTlsMaterial();
    logKeyPem = (await generateKeyPair('ecdsa-p256')).publicKey.pem;
  });

  it('reads sigstoreKeys with the certificate chains and log keys decoded', () => {
    const parsed = parsePolicyYaml(trustRoot(sigstoreKeys()), 't.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.documents, []);
    const root = parsed.trustRoots[0]!;
    assert.equal(root.name, 'my-sigstore-keys');
    assert.equal(root.spec.kind, 'sigstoreKeys');
    if (root.spec.kind !== 'sigstoreKeys') return;
    assert.deepEqual(root.spec.certificateAuthorities, [
      {
        subject: { organization: 'fulcio-organization', commonName: 'fulcio-common-name' },
        uri: 'https://fulcio.example.com',
        certChainPem: tls.serverCaPem,
      },
    ]);
    assert.deepEqual(root.spec.tLogs, [
      { baseURL: 'https://rekor.example.com', hashAlgorithm: 'sha-256', publicKeyPem: logKeyPem },
    ]);
    assert.equal(root.spec.ctLogs.length, 1);
    assert.equal(root.spec.timestampAuthorities[0]!.uri, 'https://tsa.example.com');
  });

  it('reads a remote TUF repository with the defaults policy-controller sets', () => {
    const parsed = parsePolicyYaml(
      trustRoot(`  remote:\n    mirror: https://tuf.example.com\n    root: ${b64(ROOT_JSON)}`),
      't.yaml',
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.trustRoots[0]!.spec, {
      kind: 'remote',
      rootJson: ROOT_JSON,
      mirror: 'https://tuf.example.com',
      targets: 'targets',
      trustedRootTarget: 'trusted_root.json',
    });
  });

  it('reads a serialised repository for air-gapped clusters', () => {
    const parsed = parsePolicyYaml(
      trustRoot(
        `  repository:\n    root: ${b64(ROOT_JSON)}\n    mirrorFS: ${b64('tarball')}\n    targets: t`,
      ),
      't.yaml',
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.trustRoots[0]!.spec, {
      kind: 'repository',
      rootJson: ROOT_JSON,
      mirrorFsBase64: b64('tarball'),
      targets: 't',
      trustedRootTarget: 'trusted_root.json',
    });
  });

  const refused: [string, () => string, string[]][] = [
    [
      'no source',
      () => trustRoot('  {}'),
      ['5:1: spec: needs one of sigstoreKeys, remote or repository'],
    ],
    [
      'two sources',
      () =>
        trustRoot(
          `  remote: {mirror: "https://m.example", root: ${b64(ROOT_JSON)}}\n  repository: {root: ${b64(ROOT_JSON)}, mirrorFS: eA==}`,
        ),
      ['5:1: spec: has remote and repository; give exactly one'],
    ],
    [
      'a root that is not base64',
      () => trustRoot('  remote: {mirror: "https://m.example", root: "{not base64}"}'),
      [
        '6:41: spec.remote.root: must be base64 (Kubernetes encodes these bytes so): encode the PEM or JSON with base64 -w0',
      ],
    ],
    [
      'a root without signatures',
      () => trustRoot(`  remote: {mirror: "https://m.example", root: ${b64('{"signed":{}}')}}`),
      ['6:41: spec.remote.root: is not a TUF root.json: it has no signatures'],
    ],
    [
      'a remote without mirror',
      () => trustRoot(`  remote: {root: ${b64(ROOT_JSON)}}`),
      ['6:11: spec.remote.mirror: is required'],
    ],
    [
      'a certificate authority missing every field',
      () => trustRoot('  sigstoreKeys:\n    certificateAuthorities: [{subject: {}}]'),
      [
        '7:30: spec.sigstoreKeys.certificateAuthorities[0].uri: is required',
        '7:30: spec.sigstoreKeys.certificateAuthorities[0].certChain: is required',
        '7:40: spec.sigstoreKeys.certificateAuthorities[0].subject.organization: is required',
        '7:40: spec.sigstoreKeys.certificateAuthorities[0].subject.commonName: is required',
      ],
    ],
    [
      'a TSA chain with two timestamping certificates',
      () =>
        trustRoot(
          `  sigstoreKeys:\n    timestampAuthorities:\n    - {subject: {organization: o, commonName: c}, uri: "https://tsa.example", certChain: ${b64(tls.server.certificatePem + tls.client.certificatePem)}}`,
        ),
      [
        '8:79: spec.sigstoreKeys.timestampAuthorities[0].certChain: must contain at most one TSA certificate (non-CA)',
      ],
    ],
    [
      'a log key that is not one',
      () =>
        trustRoot(
          `  sigstoreKeys:\n    certificateAuthorities: [{subject: {organization: o, commonName: c}, uri: u, certChain: ${b64(tls.serverCaPem)}}]\n    tLogs: [{baseURL: b, hashAlgorithm: sha-256, publicKey: ${b64(tls.serverCaPem)}}]`,
        ),
      ['8:50: spec.sigstoreKeys.tLogs[0].publicKey: is not a base64 PEM public key'],
    ],
    [
      'a version policy-controller does not serve',
      () =>
        trustRoot(
          `  remote: {mirror: "https://m.example", root: ${b64(ROOT_JSON)}}`,
          'policy.sigstore.dev/v1beta1',
        ),
      [
        '1:1: apiVersion: "policy.sigstore.dev/v1beta1" is not supported for a TrustRoot; use policy.sigstore.dev/v1alpha1',
      ],
    ],
  ];
  for (const [name, text, expected] of refused) {
    it(`refuses ${name}`, () => {
      const errors = errorsOf(text());
      assert.deepEqual(
        errors.map((e) => e.replace(/(public key):.*/, '$1')),
        expected,
      );
      assert.deepEqual(parsePolicyYaml(text(), 't.yaml').trustRoots, []);
    });
  }

  it('is read beside policies, and compiled sets name it and change revision with it', () => {
    const policy = `apiVersion: policy.sigstore.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata: {name: keyless}\nspec:\n  images: [{glob: "ghcr.io/**"}]\n  authorities:\n  - keyless: {trustRootRef: my-sigstore-keys, identities: [{issuer: i, subject: s}]}\n`;
    const parsed = parsePolicyYaml(`${policy}---\n${trustRoot(sigstoreKeys())}`, 't.yaml');
    assert.deepEqual(parsed.problems, []);
    const set = compilePolicies(parsed.documents, { trustRoots: parsed.trustRoots });
    assert.equal(set.trustRoots.get('my-sigstore-keys')?.spec.kind, 'sigstoreKeys');
    assert.notEqual(set.revision, compilePolicies(parsed.documents).revision);
    assert.throws(
      () =>
        compilePolicies(parsed.documents, {
          trustRoots: [...parsed.trustRoots, ...parsed.trustRoots],
        }),
      /TrustRoot "my-sigstore-keys" is defined twice/,
    );
  });
});
