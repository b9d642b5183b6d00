// Keyless authorities are accepted and refused as policy-controller's validating webhook
// accepts and refuses them (its test/testdata/policy-controller/{valid,invalid} files are
// the cases), and a valid one is read with every value keyless verification needs.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../../core/keys/index.js';
import { tlogTlsMaterial } from '../../testing/tlog-tls.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { formatProblem } from '../problems.js';

let caPem = '';
let publicKeyPem = '';

function policy(authorities: string): string {
  return `apiVersion: policy.sigstore.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata:\n  name: keyless\nspec:\n  images:\n  - glob: "ghcr.io/**"\n  authorities:\n${authorities}\n`;
}

function parse(text: string) {
  const parsed = parsePolicyYaml(text, 'k.yaml');
  return {
    ...parsed,
    errors: parsed.problems
      .filter((p) => p.severity === 'error')
      .map((p) => formatProblem(p).replace(/^k\.yaml:/, '')),
  };
}

describe('keyless authorities', () => {
  before(async () => {
    caPem = (await tlogTlsMaterial()).serverCaPem;
    publicKeyPem = (await generateKeyPair('ecdsa-p256')).publicKey.pem;
  });

  it('reads every keyless field into the policy, with the values given', () => {
    const { documents, errors } = parse(
      policy(`  - name: github
    signatureFormat: bundle
    keyless:
      url: https://fulcio.example
      trustRootRef: private-sigstore
      insecureIgnoreSCT: true
      identities:
      - issuer: https://token.actions.githubusercontent.com
        subjectRegExp: ^https://github\\.com/acme/.*$
      - issuerRegExp: .*kubernetes.default.*
        subject: https://kubernetes.io/namespaces/default/serviceaccounts/default
    ctlog:
      url: https://rekor.example
      trustRootRef: private-sigstore
    rfc3161timestamp:
      trustRootRef: private-sigstore`),
    );
    assert.deepEqual(errors, []);
    const authority = documents[0]!.authorities[0]!;
    assert.deepEqual(authority, {
      kind: 'keyless',
      name: 'github',
      source: { tagPrefix: '', pullSecrets: [] },
      signatureFormat: 'bundle',
      attestations: [],
      keyless: {
        url: 'https://fulcio.example',
        trustRootRef: 'private-sigstore',
        insecureIgnoreSCT: true,
        identities: [
          {
            issuer: 'https://token.actions.githubusercontent.com',
            subjectRegExp: '^https://github\\.com/acme/.*$',
          },
          {
            issuerRegExp: '.*kubernetes.default.*',
            subject: 'https://kubernetes.io/namespaces/default/serviceaccounts/default',
          },
        ],
      },
      ctlog: { url: 'https://rekor.example', trustRootRef: 'private-sigstore' },
      rfc3161timestamp: { trustRootRef: 'private-sigstore' },
    });
    const compiled = compilePolicies(documents).policies[0]!.authorities[0]!;
    assert.equal(compiled.kind, 'keyless');
    const identity = compiled.kind === 'keyless' ? compiled.identities[0]! : undefined;
    assert.deepEqual(identity?.issuer, { exact: 'https://token.actions.githubusercontent.com' });
    const subject = identity?.subject;
    assert.ok(subject !== undefined && 'pattern' in subject);
    assert.equal(
      subject.pattern.test('https://github.com/acme/app/.github/workflows/r.yml@main'),
      true,
    );
    assert.equal(subject.pattern.test('https://github.com/evil/app'), false);
  });

  it("defaults the URL to Fulcio's, as policy-controller's defaulting does", () => {
    const { documents, errors } = parse(
      policy('  - keyless:\n      identities: [{issuer: i, subject: s}]'),
    );
    assert.deepEqual(errors, []);
    const authority = documents[0]!.authorities[0]!;
    assert.deepEqual(authority.kind === 'keyless' && authority.keyless, {
      url: 'https://fulcio.sigstore.dev',
      insecureIgnoreSCT: false,
      identities: [{ issuer: 'i', subject: 's' }],
    });
    assert.equal(authority.kind === 'keyless' && authority.signatureFormat, 'legacy');
  });

  it('reads CA certificates inline or from a Secret instead of a URL', () => {
    const inline = parse(
      policy(
        `  - keyless:\n      identities: [{issuer: i, subject: s}]\n      ca-cert:\n        data: ${JSON.stringify(caPem)}`,
      ),
    );
    assert.deepEqual(inline.errors, []);
    const authority = inline.documents[0]!.authorities[0]!;
    assert.deepEqual(authority.kind === 'keyless' && authority.keyless.caCert, {
      kind: 'inline',
      pem: caPem,
    });
    const secret = parse(
      policy(
        '  - keyless:\n      identities: [{issuer: i, subject: s}]\n      ca-cert: {secretRef: {name: fulcio-ca, namespace: cosign-system}}',
      ),
    );
    assert.deepEqual(secret.errors, []);
    const fromSecret = secret.documents[0]!.authorities[0]!;
    assert.deepEqual(fromSecret.kind === 'keyless' && fromSecret.keyless.caCert, {
      kind: 'secret',
      secretName: 'fulcio-ca',
    });
  });

  const refused: [name: string, authority: () => string, problem: string][] = [
    [
      'an empty keyless',
      () => '  - keyless: {}',
      '9:14: spec.authorities[0].keyless.identities: is required: list who may sign (issuer and subject of the certificate)',
    ],
    [
      'no identities (missing-identity.yaml)',
      () => '  - keyless: {url: "https://fulcio.sigstore.dev"}',
      '9:14: spec.authorities[0].keyless.identities: is required: list who may sign (issuer and subject of the certificate)',
    ],
    [
      'an empty identities list (keylessref-with-empty-identities.yaml)',
      () => '  - keyless: {identities: []}',
      '9:15: spec.authorities[0].keyless.identities: is required: list who may sign (issuer and subject of the certificate)',
    ],
    [
      'key and keyless in one authority (empty-keyref-and-keylessref.yaml)',
      () => '  - keyless: {}\n    key: {}',
      '9:5: spec.authorities[0]: has key and keyless; give exactly one of key, keyless or static',
    ],
    [
      'keyless and static in one authority',
      () => '  - keyless: {identities: [{issuer: i, subject: s}]}\n    static: {action: pass}',
      '9:5: spec.authorities[0]: has keyless and static; give exactly one of key, keyless or static',
    ],
    [
      'an identity without issuer (missing-issuer.yaml)',
      () => '  - keyless: {identities: [{subject: s}]}',
      '9:28: spec.authorities[0].keyless.identities[0]: needs issuer or issuerRegExp',
    ],
    [
      'an identity without subject (missing-subject.yaml)',
      () => '  - keyless: {identities: [{issuer: i}]}',
      '9:28: spec.authorities[0].keyless.identities[0]: needs subject or subjectRegExp',
    ],
    [
      'an issuer expression Go does not compile (keylessref-with-malformed-issuer.yaml)',
      () => '  - keyless: {identities: [{issuerRegExp: "****", subject: s}]}',
      '9:29: spec.authorities[0].keyless.identities[0].issuerRegExp: "****" does not compile: Invalid regular expression: /****/: Nothing to repeat',
    ],
    [
      'a subject expression Go does not compile (keylessref-with-malformed-subject.yaml)',
      () => '  - keyless: {identities: [{issuer: i, subjectRegExp: "(?=x)"}]}',
      '9:40: spec.authorities[0].keyless.identities[0].subjectRegExp: "(?=x)" does not compile: invalid or unsupported Perl syntax (?=x',
    ],
    [
      'issuer and issuerRegExp together',
      () => '  - keyless: {identities: [{issuer: i, issuerRegExp: i.*, subject: s}]}',
      '9:28: spec.authorities[0].keyless.identities[0]: has both issuer and issuerRegExp; give one',
    ],
    [
      'url and ca-cert together (keylessref-with-multiple-properties.yaml)',
      () =>
        '  - keyless: {url: "http://example.com", ca-cert: {secretRef: {name: c}}, identities: [{issuer: i, subject: s}]}',
      '9:5: spec.authorities[0].keyless: has both url and ca-cert; give one (Fulcio by URL, or its CA certificates)',
    ],
    [
      'a URL that is not one',
      () => '  - keyless: {url: "not a url", identities: [{issuer: i, subject: s}]}',
      '9:15: spec.authorities[0].keyless.url: "not a url" is not an absolute URL (https://host/…)',
    ],
    [
      'a public key where CA certificates belong',
      () =>
        `  - keyless: {ca-cert: {data: ${JSON.stringify(publicKeyPem)}}, identities: [{issuer: i, subject: s}]}`,
      "9:25: spec.authorities[0].keyless.ca-cert.data: holds a PUBLIC KEY block; give the CA's PEM CERTIFICATE chain",
    ],
    [
      'CA certificates in KMS',
      () =>
        '  - keyless: {ca-cert: {kms: "awskms:///alias/x"}, identities: [{issuer: i, subject: s}]}',
      '9:25: spec.authorities[0].keyless.ca-cert.kms: is not supported by Signet: KMS cannot hold CA certificates for Signet to fetch; put the PEM certificates in data or in a secret named by secretRef',
    ],
    [
      'an empty ca-cert',
      () => '  - keyless: {ca-cert: {}, identities: [{issuer: i, subject: s}]}',
      '9:15: spec.authorities[0].keyless.ca-cert: needs exactly one of data, secretRef or kms',
    ],
    [
      'insecureIgnoreSCT that is not a boolean',
      () => '  - keyless: {insecureIgnoreSCT: "yes", identities: [{issuer: i, subject: s}]}',
      '9:15: spec.authorities[0].keyless.insecureIgnoreSCT: must be true or false, not the string "yes"',
    ],
    [
      'an unknown keyless field',
      () => '  - keyless: {fulcio: x, identities: [{issuer: i, subject: s}]}',
      '9:15: spec.authorities[0].keyless.fulcio: unknown field; expected one of url, identities, ca-cert, trustRootRef, insecureIgnoreSCT',
    ],
    [
      'a ctlog URL that is not one',
      () => '  - keyless: {identities: [{issuer: i, subject: s}]}\n    ctlog: {url: "::"}',
      '10:13: spec.authorities[0].ctlog.url: "::" is not an absolute URL (https://host/…)',
    ],
    [
      'an unknown rfc3161timestamp field',
      () =>
        '  - keyless: {identities: [{issuer: i, subject: s}]}\n    rfc3161timestamp: {url: "https://tsa.example"}',
      '10:24: spec.authorities[0].rfc3161timestamp.url: unknown field; expected one of trustRootRef',
    ],
    [
      'keyless attestations in the legacy layout',
      () =>
        '  - keyless: {identities: [{issuer: i, subject: s}]}\n    attestations: [{name: p, predicateType: slsaprovenance}]',
      '10:5: spec.authorities[0].attestations: keyless attestations are verified in the bundle layout only (Sigstore bundles attached as referrers, as cosign v3 writes them); set signatureFormat: bundle, or check the signature alone',
    ],
    [
      'a signatureFormat that is neither legacy nor bundle',
      () => '  - keyless: {identities: [{issuer: i, subject: s}]}\n    signatureFormat: Bundle',
      '10:5: spec.authorities[0].signatureFormat: "Bundle" is not a signature format; use legacy (cosign\'s .sig and .att tags, the default) or bundle (Sigstore bundles attached as referrers)',
    ],
  ];
  for (const [name, authority, problem] of refused) {
    it(`refuses ${name}`, () => {
      const { documents, errors } = parse(policy(authority()));
      assert.deepEqual(errors, [problem]);
      assert.equal(documents.length, 0);
    });
  }

  it('reports both halves of an identity with neither issuer nor subject', () => {
    const { errors } = parse(policy('  - keyless: {identities: [{}]}'));
    assert.deepEqual(errors, [
      '9:28: spec.authorities[0].keyless.identities[0]: needs issuer or issuerRegExp',
      '9:28: spec.authorities[0].keyless.identities[0]: needs subject or subjectRegExp',
    ]);
  });

  it('reports every problem of every identity at once', () => {
    const { errors } = parse(
      policy(
        '  - keyless:\n      url: https://fulcio.sigstore.dev\n      ca-cert: {secretRef: {name: c}}\n      identities:\n      - {issuerRegExp: "****"}\n      - {subject: s, subjectRegExp: s.*, issuer: i}',
      ),
    );
    assert.deepEqual(errors, [
      '9:5: spec.authorities[0].keyless: has both url and ca-cert; give one (Fulcio by URL, or its CA certificates)',
      '13:9: spec.authorities[0].keyless.identities[0]: needs subject or subjectRegExp',
      '13:10: spec.authorities[0].keyless.identities[0].issuerRegExp: "****" does not compile: Invalid regular expression: /****/: Nothing to repeat',
      '14:9: spec.authorities[0].keyless.identities[1]: has both subject and subjectRegExp; give one',
    ]);
  });
});
