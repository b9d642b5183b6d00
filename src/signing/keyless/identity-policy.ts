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
  /** cosign's `--certificate-github-workflow-*`: exact values of Fulcio's GitHub extensions. */
  readonly githubWorkflow?: GithubWorkflowClaims;
}

/**
 * Fulcio's GitHub Actions extensions (fulcio docs/oid-info.md, 1.3.6.1.4.1.57264.1.2-.6,
 * raw UTF-8 values), compared exactly as cosign's CheckOpts.CertGithubWorkflow* are.
 */
export const GITHUB_WORKFLOW_OIDS = {
  trigger: '1.3.6.1.4.1.57264.1.2',
  sha: '1.3.6.1.4.1.57264.1.3',
  name: '1.3.6.1.4.1.57264.1.4',
  repository: '1.3.6.1.4.1.57264.1.5',
  ref: '1.3.6.1.4.1.57264.1.6',
} as const;

export type GithubWorkflowClaims = Partial<Record<keyof typeof GITHUB_WORKFLOW_OIDS, string>>;

type Matcher = { readonly exact: string } | { readonly pattern: RegExp };

export interface IdentityPolicy {
  readonly identity: Matcher;
  readonly issuer: Matcher;
  readonly githubWorkflow?: GithubWorkflowClaims;
}

/** What a verified certificate says about its signer. */
export interface FoundIdentity {
  readonly identity?: string;
  readonly issuer?: string;
  /** Values of the GitHub workflow extensions the certificate carries, by claim. */
  readonly githubWorkflow?: GithubWorkflowClaims;
}

/** Compiles the flags once; throws IDENTITY_POLICY_INVALID naming the flag at fault. */
export function compileIdentityPolicy(flags: IdentityPolicyFlags): IdentityPolicy {
  const github = Object.entries(flags.githubWorkflow ?? {}).filter(([, v]) => v !== undefined);
  return {
    identity: matcher(flags.identity, flags.identityRegexp, '--certificate-identity'),
    issuer: matcher(flags.issuer, flags.issuerRegexp, '--certificate-oidc-issuer'),
    ...(github.length === 0 ? {} : { githubWorkflow: Object.fromEntries(github) }),
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

/**
 * Why `found` does not satisfy `policy`, naming what was found and what was expected;
 * undefined when it does. A certificate without an OIDC issuer extension (a private PKI)
 * has the issuer "", as in cosign, so only a regular expression matching "" accepts it.
 */
export function identityMismatch(policy: IdentityPolicy, found: FoundIdentity): string | undefined {
  if (found.identity === undefined || !matches(policy.identity, found.identity)) {
    return `certificate identity ${JSON.stringify(found.identity ?? '(none)')} does not match ${describe(policy.identity)}`;
  }
  const issuer = found.issuer ?? '';
  if (!matches(policy.issuer, issuer)) {
    return `certificate OIDC issuer ${JSON.stringify(found.issuer ?? '(none)')} does not match ${describe(policy.issuer)}`;
  }
  for (const [claim, expected] of Object.entries(policy.githubWorkflow ?? {})) {
    const value = found.githubWorkflow?.[claim as keyof GithubWorkflowClaims];
    if (value !== expected) {
      return `certificate GitHub workflow ${claim} ${JSON.stringify(value ?? '(none)')} does not match ${JSON.stringify(expected)}`;
    }
  }
  return undefined;
}

/** Throws CERTIFICATE_IDENTITY_MISMATCH naming what was found and what was expected. */
export function checkIdentity(policy: IdentityPolicy, found: FoundIdentity, what: string): void {
  const problem = identityMismatch(policy, found);
  if (problem !== undefined) {
    throw fail('CERTIFICATE_IDENTITY_MISMATCH', `${what}: ${problem}`, {
      details: { found: found.identity ?? null, issuer: found.issuer ?? null },
    });
  }
}
