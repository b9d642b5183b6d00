import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../core/keys/index.js';
import { parsePolicyObject, parsePolicyYaml } from './parse-documents.js';
import { formatProblem, hasErrors } from './problems.js';

let pem = '';
const indent = (text: string, spaces: number) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');

function policy(spec: string, header = 'apiVersion: policy.sigstore.dev/v1beta1'): string {
  return `${header}\nkind: ClusterImagePolicy\nmetadata:\n  name: test\nspec:\n${indent(spec, 2)}\n`;
}

function keyAuthority(extra = ''): string {
  return `authorities:\n- name: ci\n  key:\n    data: |\n${indent(pem, 8)}\n${extra}`;
}

/** `line:col path: message` of every problem, for compact assertions. */
function problemsOf(text: string): string[] {
  return parsePolicyYaml(text, 'p.yaml').problems.map((p) =>
    formatProblem(p).replace(/^p\.yaml:/, ''),
  );
}

describe('reading ClusterImagePolicy documents', () => {
  before(async () => {
    pem = (await generateKeyPair('ecdsa-p256')).publicKey.pem;
  });

  for (const apiVersion of [
    'policy.sigstore.dev/v1alpha1',
    'policy.sigstore.dev/v1beta1',
    'policy.signet.dev/v1alpha1',
    'policy.signet.dev/v1beta1',
  ]) {
    it(`reads ${apiVersion}`, () => {
      const text = policy(
        `images:\n- glob: "ghcr.io/acme/**"\n${keyAuthority()}`,
        `apiVersion: ${apiVersion}`,
      );
      const parsed = parsePolicyYaml(text, 'p.yaml');
      assert.deepEqual(parsed.problems, []);
      const [doc] = parsed.documents;
      assert.equal(doc?.apiVersion, apiVersion);
      assert.equal(doc?.mode, 'enforce');
      assert.deepEqual(doc?.images, ['ghcr.io/acme/**']);
      const authority = doc?.authorities[0];
      assert.equal(
        authority?.kind === 'key' && authority.key.kind === 'inline' && authority.key.key.kind,
        'ecdsa-p256',
      );
    });
  }

  it('reads every document of a multi-document file and names unnamed authorities by index', () => {
    const one = policy('images: [{glob: "a.io/**"}]\nauthorities: [{static: {action: pass}}]');
    const two = one
      .replace('name: test', 'name: second')
      .replace('action: pass', 'action: fail, message: no');
    const parsed = parsePolicyYaml(`${one}---\n${two}---\n`, 'p.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.documents.map((d) => [d.name, d.authorities[0]]),
      [
        ['test', { kind: 'static', name: 'authority-0', action: 'pass' }],
        ['second', { kind: 'static', name: 'authority-0', action: 'fail', message: 'no' }],
      ],
    );
    assert.equal(parsed.documents[1]?.origin, 'p.yaml:9');
  });

  it('reports every problem at once, each with its path, line and column', () => {
    const text = policy(
      [
        'mode: audit',
        'images:',
        '- glob: "[a-z]"',
        '- glob: nginx',
        'colour: blue',
        'authorities:',
        '- name: ci',
        '  key:',
        '    data: not a key',
        '    hashAlgorithm: md5',
        '  ctlog: {url: "https://rekor.sigstore.dev"}',
        '- key: {kms: "awskms:///alias/x"}',
        '- static: {action: maybe}',
        '  source: [{oci: "a.io/sigs"}]',
        '- key: {secretRef: {name: k}}',
        '  rfc3161timestamp: {trustRootRef: r}',
        '  attestations:',
        '  - name: sbom',
        '    predicateType: spdxjson',
        '    policy: {type: rego, data: "package sigstore"}',
        '  - predicateType: "not a uri"',
        '    policy: {type: cel, data: "predicate.x =="}',
        'match:',
        '- {resource: apples, version: v1}',
        'policy: {type: cue, data: "x: 1"}',
      ].join('\n'),
    );
    assert.deepEqual(problemsOf(text), [
      '6:3: spec.mode: "audit" is not a mode; use enforce (the default) or warn',
      '8:5: spec.images[0].glob: "[a-z]" is invalid: glob may only contain letters, digits and "-_:/.*@"; "*" matches within one path component and "**" across components',
      '9:5: warning: spec.images[1].glob: "nginx" is matched against fully qualified names such as index.docker.io/library/nginx:latest; without a registry host it matches nothing (write index.docker.io/library/nginx)',
      '10:3: spec.colour: unknown field; expected one of images, authorities, mode, match',
      '14:7: spec.authorities[0].key.data: is not a usable public key: the key contains no PEM block; a public key must be a PEM "PUBLIC KEY" block',
      '15:7: spec.authorities[0].key.hashAlgorithm: "md5" is not supported; use one of sha224, sha256, sha384, sha512',
      '16:5: spec.authorities[0].ctlog: is not supported by Signet: transparency-log (Rekor) verification of key signatures is not implemented in the policy engine yet, and ignoring it would accept signatures that were never logged; remove ctlog to check signatures by key alone',
      '17:11: spec.authorities[1].key.kms: is not supported by Signet: KMS keys cannot be fetched yet; put the public key in data (cosign public-key --key <kms-uri> prints it) or in a secret named by secretRef',
      '18:14: spec.authorities[2].static.action: "maybe" is not an action; use pass or fail',
      '19:5: spec.authorities[2].source: cannot be combined with static',
      '21:5: spec.authorities[3].rfc3161timestamp: is not supported by Signet: RFC 3161 timestamp verification of key signatures is not implemented yet; remove rfc3161timestamp to check signatures by key alone',
      '24:7: warning: spec.authorities[3].attestations[0].predicateType: the short name "spdxjson" is deprecated (as in policy-controller); it means https://spdx.dev/Document, write that instead',
      '25:16: spec.authorities[3].attestations[0].policy.type: rego policies are not supported by Signet: write the condition in CEL (type: cel) over predicateType, predicate, subject and statement',
      '26:7: spec.authorities[3].attestations[1].name: is required',
      '26:7: spec.authorities[3].attestations[1].predicateType: "not a uri" is neither a URI nor one of cosign\'s short names (custom, slsaprovenance, slsaprovenance02, slsaprovenance1, spdx, spdxjson, cyclonedx, link, vuln, openvex)',
      '27:27: spec.authorities[3].attestations[1].policy.data: CEL syntax error: Unexpected token: EOF',
      '29:6: spec.match[0].resource: "apples" is not a workload resource; use one of pods, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs',
      '30:3: spec.policy: is not supported by Signet: policy-controller evaluates a CUE or Rego policy over all authority results here; Signet has no policy-level language yet. Express conditions on attestations with `authorities[].attestations[].policy` of type cel',
    ]);
  });

  const single: [string, string, string][] = [
    [
      'a missing spec',
      'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: x}\n',
      '1:1: spec: is required',
    ],
    [
      'another kind',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n',
      '1:1: apiVersion: "v1" is not supported; use one of policy.sigstore.dev/v1alpha1, policy.sigstore.dev/v1beta1, policy.signet.dev/v1alpha1, policy.signet.dev/v1beta1',
    ],
    [
      'a bad object name',
      policy('images: [{glob: "a.io/*"}]\nauthorities: [{static: {action: pass}}]').replace(
        'name: test',
        'name: Test_1',
      ),
      '4:3: metadata.name: "Test_1" is not a valid object name: lowercase letters, digits, "-" and ".", at most 253 characters',
    ],
    [
      'no images',
      policy('images: []\nauthorities: [{static: {action: pass}}]'),
      '6:3: spec.images: must list at least one image glob',
    ],
    [
      'no authorities',
      policy('images: [{glob: "a.io/*"}]'),
      '6:3: spec.authorities: is required: an image passes the policy when one authority passes',
    ],
    [
      'two kinds of authority',
      policy(
        'images: [{glob: "a.io/*"}]\nauthorities: [{static: {action: pass}, keyless: {url: x}}]',
      ),
      '7:17: spec.authorities[0]: has keyless and static; give exactly one of key, keyless or static',
    ],
    [
      'two sources',
      policy(
        'images: [{glob: "a.io/*"}]\nauthorities: [{keyless: {}, source: [{oci: a.io/x}, {oci: b.io/y}]}]',
      ),
      '7:31: spec.authorities[0].source: only one source is supported (as in policy-controller)',
    ],
    [
      'a source with a tag',
      policy(
        'images: [{glob: "a.io/*"}]\nauthorities: [{keyless: {}, source: [{oci: "a.io/x:1"}]}]',
      ),
      '7:41: spec.authorities[0].source[0].oci: "a.io/x:1" is not a repository: write registry/repository, without tag or digest',
    ],
    [
      'a selector operator typo',
      policy(
        'images: [{glob: "a.io/*"}]\nauthorities: [{static: {action: pass}}]\nmatch: [{resource: pods, version: v1, selector: {matchExpressions: [{key: a, operator: Is}]}}]',
      ),
      '8:80: spec.match[0].selector.matchExpressions[0].operator: "Is" is not an operator; use one of In, NotIn, Exists, DoesNotExist',
    ],
    [
      'a CEL condition that is not a boolean',
      policy(
        'images: [{glob: "a.io/*"}]\nauthorities: [{keyless: {}, attestations: [{name: a, predicateType: custom, policy: {type: cel, data: "1 + 2"}}]}]',
      ),
      '7:99: spec.authorities[0].attestations[0].policy.data: CEL expression returns int; it must return a bool',
    ],
    [
      'a duplicate key',
      'apiVersion: policy.sigstore.dev/v1beta1\napiVersion: x\n',
      '2:1: Map keys must be unique',
    ],
    [
      'a YAML syntax error',
      'spec: [\n',
      '2:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ];
  for (const [name, text, expected] of single) {
    it(`reports ${name}`, () => {
      const problems = problemsOf(text).filter((p) => !p.includes('warning:'));
      assert.ok(problems.includes(expected), `got:\n${problems.join('\n')}`);
      assert.equal(hasErrors(parsePolicyYaml(text, 'p.yaml').problems), true);
    });
  }

  it('accepts keyless authorities with attestations in the bundle layout and maps predicate short names', () => {
    const text = policy(
      'images: [{glob: "**"}]\nauthorities:\n- keyless: {url: "https://fulcio.sigstore.dev", identities: [{issuer: i, subject: s}]}\n  signatureFormat: bundle\n  attestations: [{name: prov, predicateType: slsaprovenance1}]',
    );
    const parsed = parsePolicyYaml(text, 'p.yaml');
    assert.equal(hasErrors(parsed.problems), false);
    const authority = parsed.documents[0]?.authorities[0];
    assert.equal(authority?.kind, 'keyless');
    assert.deepEqual(authority?.kind === 'keyless' && authority.attestations, [
      { name: 'prov', predicateType: 'https://slsa.dev/provenance/v1' },
    ]);
  });

  it('reports authority and attestation names used twice, with their paths', () => {
    const text = policy(
      'images: [{glob: "**"}]\nauthorities:\n- {name: a, static: {action: pass}}\n- {name: a, static: {action: fail}}\n- name: b\n  keyless: {url: "https://fulcio.sigstore.dev", identities: [{issuer: i, subject: s}]}\n  attestations: [{name: p, predicateType: slsaprovenance1}, {name: p, predicateType: spdx}]',
    );
    const problems = problemsOf(text);
    assert.ok(
      problems.some((p) =>
        /spec\.authorities\[1\]\.name: authority name "a" is used twice in this policy/.test(p),
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) =>
        /spec\.authorities\[2\]\.attestations\[1\]\.name: attestation name "p" is used twice in this authority/.test(
          p,
        ),
      ),
      problems.join('\n'),
    );
  });

  it('validates objects from the API server, without positions', () => {
    const parsed = parsePolicyObject(
      {
        apiVersion: 'policy.signet.dev/v1beta1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'x' },
        spec: {
          images: [{ glob: 'a.io/*' }],
          authorities: [{ static: { action: 'fail' } }],
          extra: 1,
        },
      },
      'clusterimagepolicy/x',
    );
    assert.deepEqual(parsed.problems, [
      {
        severity: 'error',
        source: 'clusterimagepolicy/x',
        path: 'spec.extra',
        message: 'unknown field; expected one of images, authorities, mode, match',
      },
    ]);
    assert.equal(parsed.documents.length, 0);
  });

  it('refuses oversized input without parsing it', () => {
    const parsed = parsePolicyYaml('#'.repeat(5 * 1024 * 1024), 'big.yaml');
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0]!.message, /larger than/);
  });
});
