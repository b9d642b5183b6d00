import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrustPolicy, selectTrustPolicy, validateTrustPolicy } from './trust-policy.js';

const statement = (extra: Record<string, unknown> = {}) => ({
  name: 'team',
  registryScopes: ['registry.example/team/app'],
  signatureVerification: { level: 'strict' },
  trustStores: ['ca:team'],
  trustedIdentities: ['x509.subject: C=US, ST=WA, O=Acme, CN=release'],
  ...extra,
});
const doc = (...statements: unknown[]) => ({ version: '1.0', trustPolicies: statements });

function problems(value: unknown): string[] {
  try {
    validateTrustPolicy(value, 'trustpolicy.json');
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'NOTATION_TRUST_POLICY_INVALID');
    return (error as { details: { problems: string[] } }).details.problems;
  }
  return [];
}

describe('trust policy documents', () => {
  it('reads a statement with its level, overrides, stores and identities', () => {
    const policy = validateTrustPolicy(
      doc(
        statement({
          signatureVerification: {
            level: 'permissive',
            override: { expiry: 'enforce', revocation: 'skip' },
          },
        }),
      ),
      'x',
    );
    const s = policy.statements[0]!;
    assert.deepEqual(s.actions, {
      integrity: 'enforce',
      authenticity: 'enforce',
      authenticTimestamp: 'log',
      expiry: 'enforce',
      revocation: 'skip',
    });
    assert.deepEqual(s.trustStores, [{ type: 'ca', name: 'team' }]);
    assert.equal(s.trustedIdentities[0]!.kind, 'subject');
  });

  it('chooses the statement naming the scope before the wildcard one', () => {
    const policy = validateTrustPolicy(
      doc(statement(), statement({ name: 'rest', registryScopes: ['*'] })),
      'x',
    );
    assert.equal(selectTrustPolicy(policy, 'registry.example/team/app')?.name, 'team');
    assert.equal(selectTrustPolicy(policy, 'registry.example/other')?.name, 'rest');
    assert.equal(
      selectTrustPolicy(validateTrustPolicy(doc(statement()), 'x'), 'registry.example/other'),
      undefined,
    );
  });

  const cases: [string, unknown, RegExp][] = [
    ['another version', { version: '2.0', trustPolicies: [statement()] }, /only "1\.0"/],
    ['no statements', doc(), /at least one trust policy/],
    [
      'a duplicate name',
      doc(statement(), statement({ registryScopes: ['registry.example/b'] })),
      /used twice/,
    ],
    [
      'a scope in two statements',
      doc(statement(), statement({ name: 'b' })),
      /in both "team" and "b"/,
    ],
    [
      'a wildcard beside other scopes',
      doc(statement({ registryScopes: ['*', 'registry.example/a'] })),
      /only scope/,
    ],
    [
      'a scope with a tag',
      doc(statement({ registryScopes: ['registry.example/a:1.0'] })),
      /no tag or digest/,
    ],
    [
      'an unknown level',
      doc(statement({ signatureVerification: { level: 'lax' } })),
      /strict, permissive, audit or skip/,
    ],
    [
      'an unknown check',
      doc(
        statement({ signatureVerification: { level: 'strict', override: { timestamps: 'log' } } }),
      ),
      /is not a check/,
    ],
    [
      'an integrity override',
      doc(
        statement({ signatureVerification: { level: 'strict', override: { integrity: 'skip' } } }),
      ),
      /integrity cannot be overridden/,
    ],
    [
      'a skipped authenticity',
      doc(
        statement({
          signatureVerification: { level: 'strict', override: { authenticity: 'skip' } },
        }),
      ),
      /cannot be skipped/,
    ],
    [
      'a bad action',
      doc(statement({ signatureVerification: { level: 'strict', override: { expiry: 'warn' } } })),
      /enforce, log or skip/,
    ],
    ['a trust store without a type', doc(statement({ trustStores: ['team'] })), /type:name/],
    [
      'a trust store of an unknown type',
      doc(statement({ trustStores: ['root:team'] })),
      /type:name/,
    ],
    ['no trust stores', doc(statement({ trustStores: [] })), /at least one trust store/],
    [
      'a wildcard identity beside others',
      doc(statement({ trustedIdentities: ['*', 'x509.subject: C=US, ST=WA, O=A'] })),
      /only trusted identity/,
    ],
    [
      'an identity without the prefix',
      doc(statement({ trustedIdentities: ['CN=release'] })),
      /neither \* nor x509\.subject/,
    ],
    [
      'an identity missing required attributes',
      doc(statement({ trustedIdentities: ['x509.subject: CN=release, O=Acme'] })),
      /lacks C, ST/,
    ],
    [
      'a malformed distinguished name',
      doc(statement({ trustedIdentities: ['x509.subject: C=US, ST'] })),
      /malformed distinguished name/,
    ],
    [
      'level skip with trust stores',
      doc(statement({ signatureVerification: { level: 'skip' } })),
      /takes no trustStores/,
    ],
    ['an unknown field', doc(statement({ registryScope: ['*'] })), /not a trust policy field/],
  ];
  for (const [name, value, message] of cases) {
    it(`refuses ${name}`, () => {
      const found = problems(value);
      assert.ok(
        found.some((p) => message.test(p)),
        JSON.stringify(found),
      );
    });
  }

  it('reports every problem at once with its path', () => {
    const found = problems(
      doc(statement({ trustStores: ['bad'], signatureVerification: { level: 'x' } })),
    );
    assert.ok(found.some((p) => p.startsWith('trustPolicies[0].trustStores')));
    assert.ok(found.some((p) => p.startsWith('trustPolicies[0].signatureVerification.level')));
  });

  it('refuses text that is not JSON, naming the file', () => {
    assert.throws(() => parseTrustPolicy('{', 'trustpolicy.json'), /trustpolicy\.json is not JSON/);
  });
});
