// The CustomResourceDefinition under deploy/crds: both versions served with one structural
// schema (Kubernetes requires a type on every node, and refuses properties beside
// additionalProperties), and it admits exactly what the policy reader reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const CRD = join('deploy', 'crds', 'clusterimagepolicies.policy.signet.dev.yaml');

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** Paths of schema nodes that break the structural-schema rules. */
function structuralProblems(node: SchemaNode, path: string): string[] {
  const problems: string[] = [];
  if (node.type === undefined) problems.push(`${path} has no type`);
  if (node.properties !== undefined && node.additionalProperties !== undefined)
    problems.push(`${path} mixes properties and additionalProperties`);
  for (const [name, child] of Object.entries(node.properties ?? {}))
    problems.push(...structuralProblems(child, `${path}.${name}`));
  if (node.items !== undefined) problems.push(...structuralProblems(node.items, `${path}[]`));
  if (node.additionalProperties !== undefined)
    problems.push(...structuralProblems(node.additionalProperties, `${path}{}`));
  return problems;
}

describe('the ClusterImagePolicy CRD', () => {
  const crd = parse(readFileSync(CRD, 'utf8')) as {
    spec: {
      group: string;
      names: { kind: string };
      scope: string;
      versions: {
        name: string;
        served: boolean;
        storage: boolean;
        schema: { openAPIV3Schema: SchemaNode };
      }[];
    };
  };

  it("defines ClusterImagePolicy in Signet's group, cluster-scoped", () => {
    assert.equal(crd.spec.group, 'policy.signet.dev');
    assert.equal(crd.spec.names.kind, 'ClusterImagePolicy');
    assert.equal(crd.spec.scope, 'Cluster');
  });

  it('serves v1alpha1 and v1beta1 and stores exactly one', () => {
    assert.deepEqual(
      crd.spec.versions.map((v) => [v.name, v.served]),
      [
        ['v1alpha1', true],
        ['v1beta1', true],
      ],
    );
    assert.equal(crd.spec.versions.filter((v) => v.storage).length, 1);
  });

  it('has a structural schema in every version', () => {
    for (const version of crd.spec.versions) {
      assert.deepEqual(structuralProblems(version.schema.openAPIV3Schema, version.name), []);
    }
  });

  it('lists the spec fields policy-controller defines', () => {
    const spec = crd.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!;
    assert.deepEqual(Object.keys(spec.properties!).sort(), [
      'authorities',
      'images',
      'match',
      'mode',
      'policy',
    ]);
    const authority = spec.properties!['authorities']!.items!;
    assert.deepEqual(Object.keys(authority.properties!).sort(), [
      'attestations',
      'ctlog',
      'key',
      'keyless',
      'name',
      'notation',
      'rfc3161timestamp',
      'signatureFormat',
      'source',
      'static',
    ]);
  });
});
