import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem } from '../problems.js';
import { parseSecurityPolicyObject, parseSecurityPolicyYaml } from './parse.js';

const HEAD = 'apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata:\n  name: p\n';
const SPEC =
  'spec:\n  name: P\n  description: d\n  remediation: r\n  severity: high\n  lifecycleStages: [build, deploy]\n';

function problems(text: string): string[] {
  return parseSecurityPolicyYaml(text, 'p.yaml').problems.map(formatProblem);
}

describe('reading SecurityPolicy documents', () => {
  it('reads every field of a complete policy', () => {
    const parsed = parseSecurityPolicyYaml(
      `${HEAD}${SPEC}  rationale: why\n  categories: [Supply Chain Security]\n  enforcement: {build: enforce, deploy: inform}\n  scope:\n  - namespace: prod\n    labels: {matchLabels: {tier: web}}\n    images: ["registry.example/**"]\n  exclusions:\n  - images: ["registry.example/sandbox/**"]\n  criteria:\n    vulnerabilities: {severityAtLeast: high, fixable: true, cvssAtLeast: 7.5, ids: [CVE-1], publishedMoreThanDays: 30}\n    image: {latestTag: true, maxAgeDays: 90, registries: [registry.example], requiredLabels: [owner], runsAsRoot: true}\n    sbom: {required: true, forbiddenPackages: [log4j-core], forbiddenLicenses: [AGPL-3.0-only]}\n    transparencyLog: {entryRequired: true}\n    provenance:\n      builderIds: [https://ci.example/builder]\n      sourceRepositories: [https://git.example/app]\n      buildTypes: [https://ci.example/build/v1]\n      authorities:\n      - key: {secretRef: {name: ci}}\n    signature:\n      authorities:\n      - name: ci\n        key: {secretRef: {name: ci}}\n`,
      'p.yaml',
    );
    assert.deepEqual(parsed.problems, []);
    const doc = parsed.documents[0]!;
    assert.equal(doc.id, 'p');
    assert.equal(doc.name, 'P');
    assert.equal(doc.origin, 'p.yaml:1');
    assert.deepEqual(doc.enforcement, { build: 'enforce', deploy: 'inform' });
    assert.equal(doc.scope[0]!.namespace, 'prod');
    assert.deepEqual(doc.scope[0]!.labels, { matchLabels: { tier: 'web' }, matchExpressions: [] });
    assert.deepEqual(doc.criteria.vulnerabilities, {
      severityAtLeast: 'high',
      fixable: true,
      cvssAtLeast: 7.5,
      ids: ['CVE-1'],
      authorities: [],
      publishedMoreThanDays: 30,
    });
    assert.equal(doc.criteria.provenance!.predicateType, 'https://slsa.dev/provenance/v1');
    assert.equal(doc.criteria.signature!.authorities[0]!.kind, 'key');
    assert.equal(doc.criteria.transparencyLog!.entryRequired, true);
  });

  it('informs at every stage unless enforcement says otherwise', () => {
    const parsed = parseSecurityPolicyYaml(
      `${HEAD}${SPEC}  criteria:\n    image: {latestTag: true}\n`,
      'p.yaml',
    );
    assert.deepEqual(parsed.documents[0]!.enforcement, { build: 'inform', deploy: 'inform' });
  });

  it('names file, line, column and field of every problem at once', () => {
    assert.deepEqual(
      problems(
        `${HEAD}  namespace: prod\nspec:\n  name: P\n  description: d\n  severity: urgent\n  lifecycleStages: [build]\n  enforcement: {deploy: enforce}\n  criteria:\n    image: {latestTag: maybe}\n    vulnerabilities: {cvssAtLeast: 11}\n    bogus: {}\n`,
      ),
      [
        'p.yaml:5:3: metadata.namespace: SecurityPolicy is cluster-scoped; limit it to namespaces with spec.scope[].namespace',
        'p.yaml:7:3: spec.remediation: is required',
        'p.yaml:9:3: spec.severity: the string "urgent" is not allowed; use one of low, medium, high, critical',
        'p.yaml:11:17: spec.enforcement.deploy: names a stage missing from spec.lifecycleStages; add deploy there or remove this',
        'p.yaml:13:13: spec.criteria.image.latestTag: must be true or false, not the string "maybe"',
        'p.yaml:14:23: spec.criteria.vulnerabilities.cvssAtLeast: must be a number from 0 to 10, not number 11',
        'p.yaml:15:5: spec.criteria.bogus: unknown field; expected one of signature, vulnerabilities, provenance, sbom, image, transparencyLog',
      ],
    );
  });

  it('refuses criteria that would check nothing', () => {
    assert.deepEqual(problems(`${HEAD}${SPEC}  criteria: {}\n`), [
      'p.yaml:11:3: spec.criteria: is empty: give one or more of signature, vulnerabilities, provenance, sbom, image, transparencyLog',
    ]);
    const text = `${HEAD}${SPEC}  criteria:\n    vulnerabilities: {fixable: true}\n    sbom: {}\n    image: {latestTag: false}\n`;
    assert.deepEqual(
      problems(text).map((p) => p.split(': ')[1]),
      ['spec.criteria.vulnerabilities', 'spec.criteria.sbom', 'spec.criteria.image'],
    );
  });

  it('validates signature authorities with the ClusterImagePolicy rules', () => {
    const text = `${HEAD}${SPEC}  criteria:\n    signature:\n      authorities:\n      - key: {data: "not a key"}\n      - keyless: {}\n        key: {secretRef: {name: x}}\n`;
    const found = problems(text);
    assert.match(
      found[0]!,
      /^p\.yaml:14:15: spec\.criteria\.signature\.authorities\[0\]\.key\.data: /,
    );
    assert.match(found[1]!, /spec\.criteria\.signature\.authorities\[1\]: has key and keyless/);
  });

  it('takes only key authorities, without attestations, as signers of vulnerability reports', () => {
    const text = `${HEAD}${SPEC}  criteria:\n    vulnerabilities:\n      severityAtLeast: high\n      authorities:\n      - key: {secretRef: {name: x}}\n      - static: {action: pass}\n      - key: {secretRef: {name: y}}\n        attestations: [{name: a, predicateType: "https://cosign.sigstore.dev/attestation/vuln/v1"}]\n`;
    const found = problems(text).map((p) => p.replace(/^p\.yaml:\d+:\d+: /, ''));
    assert.deepEqual(found, [
      'spec.criteria.vulnerabilities.authorities[1]: is static; only key authorities can sign vulnerability attestations',
      'spec.criteria.vulnerabilities.authorities[2].attestations: is set by the vulnerability criterion itself; remove it here',
    ]);
  });

  it('refuses attestations on provenance authorities and predicate types other than SLSA provenance', () => {
    const text = `${HEAD}${SPEC}  criteria:\n    provenance:\n      predicateType: spdx\n      authorities:\n      - key: {secretRef: {name: x}}\n        attestations: [{name: a, predicateType: custom}]\n`;
    const found = problems(text);
    assert.ok(
      found.some((p) =>
        p.includes('spec.criteria.provenance.predicateType: "spdx" is not SLSA provenance'),
      ),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) =>
        p.includes('authorities[0].attestations: is set by the provenance criterion'),
      ),
      found.join('\n'),
    );
  });

  it('refuses bad scopes: unknown fields, empty entries, invalid globs and selectors', () => {
    const text = `${HEAD}${SPEC}  scope:\n  - {}\n  - images: ["[x]"]\n  - labels: {matchLabels: {a: 1}}\n  - deployment: web\n  criteria:\n    image: {latestTag: true}\n`;
    const found = problems(text).map((p) => p.replace(/^p\.yaml:\d+:\d+: /, ''));
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[0]!, /^spec\.scope\[0\]: is empty/);
    assert.match(found[1]!, /^spec\.scope\[1\]\.images\[0\]: "\[x\]" is invalid/);
    assert.match(found[2]!, /^spec\.scope\[2\]\.labels\.matchLabels\.a: label values are strings/);
    assert.match(found[3]!, /^spec\.scope\[3\]\.deployment: unknown field/);
  });

  it('refuses other kinds and versions with one problem each', () => {
    assert.deepEqual(
      problems('apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\n'),
      [
        'p.yaml:1:1: apiVersion: "policy.signet.dev/v1beta1" is not supported; use signet.dev/v1alpha1',
        'p.yaml:2:1: kind: "ClusterImagePolicy" is not supported; only SecurityPolicy documents are read here',
      ],
    );
  });

  it('reports YAML syntax errors with their position and skips empty documents', () => {
    assert.deepEqual(parseSecurityPolicyYaml('---\n---\n', 'p.yaml'), {
      documents: [],
      problems: [],
    });
    const found = problems('a: [1\n');
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^p\.yaml:\d+:\d+: /);
  });

  it('refuses files over the size bound', () => {
    const found = problems('#'.repeat(4 * 1024 * 1024 + 1));
    assert.match(found[0]!, /^p\.yaml: is larger than/);
  });

  it('reads objects from the API server without positions', () => {
    const read = parseSecurityPolicyObject(
      {
        apiVersion: 'signet.dev/v1alpha1',
        kind: 'SecurityPolicy',
        metadata: { name: 'p' },
        spec: {
          name: 'P',
          description: 'd',
          remediation: 'r',
          severity: 'low',
          lifecycleStages: ['deploy'],
          criteria: { image: { runsAsRoot: true } },
        },
      },
      'securitypolicy/p',
    );
    assert.deepEqual(read.problems, []);
    assert.equal(read.documents[0]!.origin, 'securitypolicy/p');
    const bad = parseSecurityPolicyObject(
      { apiVersion: 'signet.dev/v1alpha1', kind: 'SecurityPolicy', metadata: { name: 'p' } },
      'x',
    );
    assert.deepEqual(bad.problems.map(formatProblem), ['x: spec: is required']);
  });
});
