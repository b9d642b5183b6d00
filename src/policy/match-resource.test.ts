import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_RESOURCES, policyAppliesTo, selectorMatches } from './match-resource.js';
import type { MatchRule } from './types.js';

const pods = KNOWN_RESOURCES['pods']!;
const deployments = KNOWN_RESOURCES['deployments']!;

describe('resource and label matching', () => {
  const cases: [string, MatchRule[], typeof pods | undefined, Record<string, string>, boolean][] = [
    ['applies everywhere without match rules', [], undefined, {}, true],
    [
      'applies to the named resource',
      [{ group: '', version: 'v1', resource: 'pods' }],
      pods,
      {},
      true,
    ],
    [
      'ignores other resources',
      [{ group: '', version: 'v1', resource: 'pods' }],
      deployments,
      {},
      false,
    ],
    [
      'needs the group to agree',
      [{ group: '', version: 'v1', resource: 'deployments' }],
      deployments,
      {},
      false,
    ],
    [
      'accepts any version with *',
      [{ group: 'apps', version: '*', resource: 'deployments' }],
      deployments,
      {},
      true,
    ],
    [
      'refuses another version',
      [{ group: 'apps', version: 'v2', resource: 'deployments' }],
      deployments,
      {},
      false,
    ],
    [
      'does not apply to a bare image',
      [{ group: '', version: 'v1', resource: 'pods' }],
      undefined,
      {},
      false,
    ],
    [
      'applies when the labels match',
      [
        {
          group: '',
          version: '*',
          resource: 'pods',
          selector: { matchLabels: { team: 'a' }, matchExpressions: [] },
        },
      ],
      pods,
      { team: 'a', x: 'y' },
      true,
    ],
    [
      'does not apply when a label differs',
      [
        {
          group: '',
          version: '*',
          resource: 'pods',
          selector: { matchLabels: { team: 'a' }, matchExpressions: [] },
        },
      ],
      pods,
      { team: 'b' },
      false,
    ],
  ];
  for (const [name, rules, kind, labels, expected] of cases) {
    it(name, () => assert.equal(policyAppliesTo(rules, kind, labels), expected));
  }

  it('evaluates every selector operator as Kubernetes does', () => {
    const sel = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: string[] = []) => ({
      matchLabels: {},
      matchExpressions: [{ key: 'env', operator, values }],
    });
    assert.equal(selectorMatches(sel('In', ['prod']), { env: 'prod' }), true);
    assert.equal(selectorMatches(sel('In', ['prod']), {}), false);
    assert.equal(selectorMatches(sel('NotIn', ['prod']), { env: 'dev' }), true);
    assert.equal(selectorMatches(sel('NotIn', ['prod']), {}), true);
    assert.equal(selectorMatches(sel('NotIn', ['prod']), { env: 'prod' }), false);
    assert.equal(selectorMatches(sel('Exists'), { env: '' }), true);
    assert.equal(selectorMatches(sel('Exists'), {}), false);
    assert.equal(selectorMatches(sel('DoesNotExist'), {}), true);
    assert.equal(selectorMatches(sel('DoesNotExist'), { env: 'x' }), false);
  });
});
