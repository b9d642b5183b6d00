/**
 * Compiles validated policies once — globs to regular expressions, inline keys into
 * verifiers, CEL conditions parsed in one environment per policy — into the immutable set
 * the webhook and the CLI evaluate many images against ("create once, verify many").
 */
import type { Environment } from '@marcbachmann/cel-js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/digest.js';
import { parseReference, type ImageReference } from '../oci/reference/index.js';
import { createVerifier, type Verifier } from '../signing/verify/index.js';
import { compileCelCondition, createCelEnvironment, type CelCondition } from './cel-condition.js';
import { policyError } from './errors.js';
import { compileGlob } from './glob.js';
import { compileGoRegExp } from '../core/go-regexp.js';
import type { TrustRootDocument } from './trust-root-types.js';
import { compileNotationAuthority, type CompiledNotationAuthority } from './compile-notation.js';
import type { AuthoritySpec, NoMatchBehaviour, PolicyDocument } from './types.js';

export interface CompiledAttestation {
  readonly name: string;
  readonly predicateType: string;
  readonly condition?: CelCondition;
}

export type CompiledAuthority =
  | { readonly kind: 'static'; readonly spec: Extract<AuthoritySpec, { kind: 'static' }> }
  | {
      readonly kind: 'keyless';
      readonly spec: Extract<AuthoritySpec, { kind: 'keyless' }>;
      /** The identities with their Go regular expressions compiled, in the policy's order. */
      readonly identities: readonly CompiledIdentity[];
      /** `source[].oci` parsed; undefined means the image's own repository. */
      readonly repository?: ImageReference;
      readonly attestations: readonly CompiledAttestation[];
    }
  | {
      readonly kind: 'key';
      readonly spec: Extract<AuthoritySpec, { kind: 'key' }>;
      /** Present for inline keys; secret keys get theirs when read. */
      readonly verifier?: Verifier;
      /** `source[].oci` parsed; undefined means the image's own repository. */
      readonly repository?: ImageReference;
      readonly attestations: readonly CompiledAttestation[];
    }
  | CompiledNotationAuthority;

/** Matches a certificate's value: exactly, or by a Go regular expression (unanchored). */
export type IdentityMatcher = { readonly exact: string } | { readonly pattern: RegExp };

export interface CompiledIdentity {
  readonly issuer: IdentityMatcher;
  readonly subject: IdentityMatcher;
}

export interface CompiledPolicy {
  readonly document: PolicyDocument;
  readonly globs: readonly RegExp[];
  readonly authorities: readonly CompiledAuthority[];
}

export interface CompiledPolicySet {
  /** Changes whenever anything that affects a verdict changes; part of decision cache keys. */
  readonly revision: string;
  readonly noMatch: NoMatchBehaviour;
  readonly policies: readonly CompiledPolicy[];
  /** TrustRoots by name, for keyless authorities' `trustRootRef`. */
  readonly trustRoots: ReadonlyMap<string, TrustRootDocument>;
}

export interface CompileOptions {
  /** Default deny, as policy-controller: an image no policy covers is not trusted. */
  readonly noMatch?: NoMatchBehaviour;
  /**
   * TrustRoots read beside the policies. A `trustRootRef` naming none is not an error here:
   * policy-controller fails such an authority when it verifies, and so will Signet.
   */
  readonly trustRoots?: readonly TrustRootDocument[];
}

export function compilePolicies(
  documents: readonly PolicyDocument[],
  options: CompileOptions = {},
): CompiledPolicySet {
  checkUniqueNames(documents, 'policy');
  const trustRoots = options.trustRoots ?? [];
  checkUniqueNames(trustRoots, 'TrustRoot');
  const noMatch = options.noMatch ?? 'deny';
  const policies = documents.map(compilePolicy);
  return Object.freeze({
    revision: revisionOf(documents, noMatch, trustRoots),
    noMatch,
    policies: Object.freeze(policies),
    trustRoots: new Map(trustRoots.map((t) => [t.name, t])),
  });
}

function checkUniqueNames(
  documents: readonly { readonly name: string; readonly origin: string }[],
  what: string,
): void {
  const seen = new Map<string, string>();
  for (const document of documents) {
    const first = seen.get(document.name);
    if (first !== undefined) {
      throw policyError(
        'POLICY_DUPLICATE_NAME',
        `${what} "${document.name}" is defined twice (${first} and ${document.origin}); ${what} names must be unique`,
      );
    }
    seen.set(document.name, document.origin);
  }
}

function compilePolicy(document: PolicyDocument): CompiledPolicy {
  let environment: Environment | undefined;
  const env = () => (environment ??= createCelEnvironment());
  const globs = document.images.map((glob) => {
    const compiled = compileGlob(glob);
    if (!compiled.ok) throw invalid(document, `glob "${glob}": ${compiled.problem}`);
    return compiled.regex;
  });
  const compileAttestations = (specs: AuthoritySpec & { kind: 'key' | 'keyless' }) =>
    specs.attestations.map((a): CompiledAttestation => {
      if (a.cel === undefined) return { name: a.name, predicateType: a.predicateType };
      const compiled = compileCelCondition(env(), a.cel);
      if (!compiled.ok) throw invalid(document, `attestation "${a.name}": ${compiled.problem}`);
      return { name: a.name, predicateType: a.predicateType, condition: compiled.condition };
    });
  const authorities = document.authorities.map((spec): CompiledAuthority => {
    switch (spec.kind) {
      case 'static':
        return { kind: 'static', spec };
      case 'notation':
        return compileNotationAuthority(spec);
      case 'keyless':
        return {
          kind: 'keyless',
          spec,
          identities: spec.keyless.identities.map((identity) => ({
            issuer: identityMatcher(document, identity.issuer, identity.issuerRegExp),
            subject: identityMatcher(document, identity.subject, identity.subjectRegExp),
          })),
          ...(spec.source.oci === undefined ? {} : { repository: parseReference(spec.source.oci) }),
          attestations: compileAttestations(spec),
        };
      case 'key':
        return {
          kind: 'key',
          spec,
          ...(spec.key.kind === 'inline'
            ? { verifier: createVerifier({ keys: [spec.key.key] }) }
            : {}),
          ...(spec.source.oci === undefined ? {} : { repository: parseReference(spec.source.oci) }),
          attestations: compileAttestations(spec),
        };
    }
  });
  return { document, globs, authorities };
}

function identityMatcher(
  document: PolicyDocument,
  exact: string | undefined,
  pattern: string | undefined,
): IdentityMatcher {
  if (pattern === undefined) return { exact: exact ?? '' };
  const compiled = compileGoRegExp(pattern);
  if (!compiled.ok) throw invalid(document, `identity expression "${pattern}" ${compiled.problem}`);
  return { pattern: compiled.regex };
}

/** Documents come from parsePolicyYaml/parsePolicyObject; this guards hand-built ones. */
function invalid(document: PolicyDocument, problem: string) {
  return policyError(
    'POLICY_INVALID',
    `policy "${document.name}" (${document.origin}) is invalid: ${problem}`,
  );
}

/** SHA-256 over the canonical JSON of everything that decides; keys by their keyId. */
function revisionOf(
  documents: readonly PolicyDocument[],
  noMatch: NoMatchBehaviour,
  trustRoots: readonly TrustRootDocument[],
): string {
  const described = documents.map((d) => ({
    ...d,
    origin: undefined,
    authorities: d.authorities.map((a) =>
      a.kind === 'key' && a.key.kind === 'inline'
        ? { ...a, key: { kind: 'inline', keyId: a.key.key.keyId } }
        : a,
    ),
  }));
  // Trust roots count only when there are some, so revisions of sets without any are unchanged.
  const roots = trustRoots.map((t) => ({ ...t, origin: undefined }));
  const decisive =
    roots.length === 0
      ? { noMatch, policies: described }
      : { noMatch, policies: described, trustRoots: roots };
  return `sha256:${sha256Hex(canonicalJson(decisive))}`;
}
