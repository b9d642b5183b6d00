import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../core/errors.js';
import { checkIdentity, compileIdentityPolicy } from './identity-policy.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const WORKFLOW = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';

const refused = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof SignetError && error.code === code && pattern.test(error.message);

describe('certificate identity policies', () => {
  it('needs an identity and an issuer, each exact or a regular expression but not both', () => {
    assert.throws(
      () => compileIdentityPolicy({ identity: WORKFLOW }),
      refused('IDENTITY_POLICY_INVALID', /--certificate-oidc-issuer/),
    );
    assert.throws(
      () => compileIdentityPolicy({ issuer: ISSUER }),
      refused('IDENTITY_POLICY_INVALID', /--certificate-identity/),
    );
    assert.throws(
      () => compileIdentityPolicy({ identity: WORKFLOW, identityRegexp: '.*', issuer: ISSUER }),
      refused('IDENTITY_POLICY_INVALID', /cannot both be given/),
    );
  });

  it('reads regular expressions as Go does, unanchored as cosign matches them', () => {
    const policy = compileIdentityPolicy({
      identityRegexp: String.raw`\Ahttps://github\.com/acme/(?P<repo>[a-z]+)/`,
      issuer: ISSUER,
    });
    checkIdentity(policy, { identity: WORKFLOW, issuer: ISSUER }, 'bundle');
    assert.throws(
      () => checkIdentity(policy, { identity: `x${WORKFLOW}`, issuer: ISSUER }, 'bundle'),
      refused('CERTIFICATE_IDENTITY_MISMATCH', /certificate identity "x/),
    );
    const unanchored = compileIdentityPolicy({ identityRegexp: 'acme/app', issuer: ISSUER });
    checkIdentity(unanchored, { identity: WORKFLOW, issuer: ISSUER }, 'bundle');
  });

  it('refuses what Go refuses instead of reading it as JavaScript', () => {
    for (const pattern of ['****', '(?=lookahead)', String.raw`(a)\1`]) {
      assert.throws(
        () => compileIdentityPolicy({ identityRegexp: pattern, issuer: ISSUER }),
        refused('IDENTITY_POLICY_INVALID', /is not a valid regular expression/),
        pattern,
      );
    }
  });

  it('names the issuer when only the issuer differs', () => {
    const policy = compileIdentityPolicy({
      identity: WORKFLOW,
      issuerRegexp: '^https://accounts\\.',
    });
    assert.throws(
      () => checkIdentity(policy, { identity: WORKFLOW, issuer: ISSUER }, 'app.sigstore.json'),
      refused('CERTIFICATE_IDENTITY_MISMATCH', /app\.sigstore\.json: certificate OIDC issuer/),
    );
  });
});
