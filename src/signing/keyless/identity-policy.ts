/**
 * Who may have signed: cosign's `--certificate-identity[-regexp]` and
 * `--certificate-oidc-issuer[-regexp]`. Both an identity and an issuer are required, as
 * cosign requires them for keyless verification: an identity alone trusts every OIDC
 * provider that can mint that name.
 *
 * Regular expressions are Go (RE2) syntax and unanchored, as cosign's `regexp.MatchString`
 * matches anywhere in the string: `^...$` is the user's to write. Signet follows cosign.
 */
import { errorFactory } from '../../core/errors.js';
import { compileGoRegExp } from '../../core/go-regexp.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

export interface IdentityPolicyFlags {
  readonly identity?: string;
  readonly identityRegexp?: string;
  readonly issuer?: string;
  readonly issuerRegexp?: string;
}

type Matcher = { readonly exact: string } | { readonly pattern: RegExp };

export interface IdentityPolicy {
  readonly identity: Matcher;
  readonly issuer: Matcher;
}

/** Compiles the flags once; throws IDENTITY_POLICY_INVALID naming the flag at fault. */
export function compileIdentityPolicy(flags: IdentityPolicyFlags): IdentityPolicy {
  return {
    identity: matcher(flags.identity, flags.identityRegexp, '--certificate-identity'),
    issuer: matcher(flags.issuer, flags.issuerRegexp, '--certificate-oidc-issuer'),
  };
}

function matcher(exact: string | undefined, regexp: string | undefined, flag: string): Matcher {
  if (exact !== undefined && regexp !== undefined) {
    throw fail('IDENTITY_POLICY_INVALID', `${flag} and ${flag}-regexp cannot both be given`);
  }
  if (exact !== undefined) return { exact };
  if (regexp === undefined) {
    throw fail(
      'IDENTITY_POLICY_INVALID',
      `keyless verification needs ${flag} or ${flag}-regexp (or verify with --key instead)`,
    );
  }
  // cosign compiles these with Go's regexp package (RE2 syntax), so Signet reads them as
  // Go does: a pattern Go refuses is refused here too, never reinterpreted as JavaScript.
  const compiled = compileGoRegExp(regexp);
  if (!compiled.ok) {
    throw fail(
      'IDENTITY_POLICY_INVALID',
      `${flag}-regexp ${JSON.stringify(regexp)} is not a valid regular expression: ${compiled.problem}`,
    );
  }
  return { pattern: compiled.regex };
}

function matches(m: Matcher, value: string): boolean {
  return 'exact' in m ? m.exact === value : m.pattern.test(value);
}

function describe(m: Matcher): string {
  return 'exact' in m ? JSON.stringify(m.exact) : `/${m.pattern.source}/`;
}

/** Throws CERTIFICATE_IDENTITY_MISMATCH naming what was found and what was expected. */
export function checkIdentity(
  policy: IdentityPolicy,
  found: { readonly identity?: string; readonly issuer?: string },
  what: string,
): void {
  if (found.identity === undefined || !matches(policy.identity, found.identity)) {
    throw fail(
      'CERTIFICATE_IDENTITY_MISMATCH',
      `${what}: certificate identity ${JSON.stringify(found.identity ?? '(none)')} does not match ${describe(policy.identity)}`,
      { details: { found: found.identity ?? null } },
    );
  }
  if (found.issuer === undefined || !matches(policy.issuer, found.issuer)) {
    throw fail(
      'CERTIFICATE_IDENTITY_MISMATCH',
      `${what}: certificate OIDC issuer ${JSON.stringify(found.issuer ?? '(none)')} does not match ${describe(policy.issuer)}`,
      { details: { found: found.issuer ?? null } },
    );
  }
}
