import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../oci/reference/index.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import type { NoMatchBehaviour } from '../types.js';
import { prejudge } from './prejudge.js';

const KEY = `-----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2cRyDcBq51f5yCHb7fwovLc/zEbv
        CZHA/zFm2DbKVFAMGb5LP4mWTEqe5XIvbMvuJ6VtFfQmnHGF+QKUvzFMUw==
        -----END PUBLIC KEY-----`;

const YAML = `
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed }
spec:
  images: [{ glob: "reg.example/team/**" }]
  authorities:
  - name: ci
    key:
      data: |
        ${KEY}
---
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: system }
spec:
  images: [{ glob: "reg.example/system/**" }]
  authorities: [{ name: ok, static: { action: pass } }]
---
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: banned }
spec:
  images: [{ glob: "reg.example/banned/**" }]
  authorities: [{ name: no, static: { action: fail, message: "retired image" } }]
---
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: banned-softly }
spec:
  mode: warn
  images: [{ glob: "reg.example/legacy/**" }]
  authorities: [{ name: no, static: { action: fail } }]
---
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: deployments-only }
spec:
  images: [{ glob: "reg.example/apps/**" }]
  match: [{ group: apps, version: v1, resource: deployments }]
  authorities: [{ name: ok, static: { action: pass } }]
`;

function setWith(noMatch: NoMatchBehaviour) {
  const parsed = parsePolicyYaml(YAML, 'prejudge.yaml');
  assert.deepEqual(
    parsed.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return compilePolicies(parsed.documents, { noMatch });
}

const pods = { group: '', version: 'v1', resource: 'pods' };
const judge = (image: string, noMatch: NoMatchBehaviour = 'deny', kind = pods) =>
  prejudge(setWith(noMatch), image, parseReference(image), kind, {});

describe('prejudge', () => {
  it('leaves images covered by a key authority to verification', () => {
    const outcome = judge('reg.example/team/app:v1');
    assert.equal(outcome.kind, 'needs-verification');
    if (outcome.kind === 'needs-verification')
      assert.deepEqual(
        outcome.applying.map((p) => p.document.name),
        ['signed'],
      );
  });

  const decided: Array<
    [string, string, NoMatchBehaviour, boolean, RegExp | undefined, RegExp | undefined]
  > = [
    [
      'admits a static-pass image',
      'reg.example/system/agent:1',
      'deny',
      true,
      undefined,
      undefined,
    ],
    [
      'denies a static-fail image with its message',
      'reg.example/banned/x:1',
      'deny',
      false,
      /policy "banned": disallowed by static policy of authority "no": retired image/,
      undefined,
    ],
    [
      'warns for a static-fail image under a warn policy',
      'reg.example/legacy/x:1',
      'deny',
      true,
      undefined,
      /fails policy "banned-softly" \(mode warn/,
    ],
    [
      'denies an unmatched image by default',
      'reg.example/other/x:1',
      'deny',
      false,
      /no policy covers it/,
      undefined,
    ],
    [
      'admits an unmatched image with no-match allow',
      'reg.example/other/x:1',
      'allow',
      true,
      undefined,
      undefined,
    ],
    [
      'warns for an unmatched image with no-match warn',
      'reg.example/other/x:1',
      'warn',
      true,
      undefined,
      /not covered by any policy/,
    ],
  ];
  for (const [name, image, noMatch, allowed, denial, warning] of decided) {
    it(name, () => {
      const outcome = judge(image, noMatch);
      assert.notEqual(outcome.kind, 'needs-verification');
      if (outcome.kind === 'needs-verification') return;
      assert.equal(outcome.outcome.allowed, allowed);
      if (denial) assert.match(outcome.outcome.denials[0]!, denial);
      else assert.deepEqual(outcome.outcome.denials, []);
      if (warning) assert.match(outcome.outcome.warnings[0]!, warning);
      else assert.deepEqual(outcome.outcome.warnings, []);
    });
  }

  it('applies a policy with match rules only to the resources it names', () => {
    assert.equal(
      judge('reg.example/apps/x:1', 'deny', {
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
      }).kind,
      'static',
    );
    assert.equal(judge('reg.example/apps/x:1', 'deny', pods).kind, 'unmatched');
  });
});
