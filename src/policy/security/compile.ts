/**
 * Compiles SecurityPolicy documents once: scope globs to regular expressions, and the
 * signature and provenance criteria into ClusterImagePolicy sets evaluated by the one
 * policy engine (a provenance criterion becomes a required SLSA attestation with a CEL
 * condition on every authority). The result is immutable and reused for every image.
 */
import { canonicalJson } from '../../core/canonical-json.js';
import { sha256Hex } from '../../core/digest.js';
import { compilePolicies, type CompiledAuthority, type CompiledPolicySet } from '../compile.js';
import { policyError } from '../errors.js';
import { compileGlob } from '../glob.js';
import type { AuthoritySpec, PolicyDocument } from '../types.js';
import { provenanceCondition } from './provenance-condition.js';
import type { PolicyScope, SecurityPolicyDocument } from './types.js';

export interface CompiledScope {
  readonly scope: PolicyScope;
  readonly globs: readonly RegExp[];
}

export interface CompiledSecurityPolicy {
  readonly document: SecurityPolicyDocument;
  readonly scope: readonly CompiledScope[];
  readonly exclusions: readonly CompiledScope[];
  /** One ClusterImagePolicy covering every image with the signature criterion's authorities. */
  readonly signature?: CompiledPolicySet;
  readonly provenance?: CompiledPolicySet;
  /** Key authorities whose signed vulnerability attestations count, compiled by the engine. */
  readonly vulnerabilityAuthorities: readonly CompiledAuthority[];
}

export interface CompiledSecurityPolicySet {
  /** Changes whenever anything that decides changes. */
  readonly revision: string;
  readonly policies: readonly CompiledSecurityPolicy[];
}

export function compileSecurityPolicies(
  documents: readonly SecurityPolicyDocument[],
): CompiledSecurityPolicySet {
  const seen = new Map<string, string>();
  for (const d of documents) {
    const first = seen.get(d.id) ?? seen.get(`name:${d.name}`);
    if (first !== undefined)
      throw policyError(
        'POLICY_DUPLICATE_NAME',
        `SecurityPolicy "${d.name}" (${d.id}) is defined twice (${first} and ${d.origin}); names must be unique`,
      );
    seen.set(d.id, d.origin);
    seen.set(`name:${d.name}`, d.origin);
  }
  return Object.freeze({
    revision: `sha256:${sha256Hex(canonicalJson(documents.map(describe)))}`,
    policies: Object.freeze(documents.map(compileOne)),
  });
}

function compileOne(document: SecurityPolicyDocument): CompiledSecurityPolicy {
  const { signature, provenance, vulnerabilities } = document.criteria;
  const attesters = vulnerabilities?.authorities ?? [];
  return {
    document,
    vulnerabilityAuthorities:
      attesters.length === 0
        ? []
        : engineSet(document, 'vulnerabilities', attesters).policies[0]!.authorities,
    scope: document.scope.map((s) => compileScope(document, s)),
    exclusions: document.exclusions.map((s) => compileScope(document, s)),
    ...(signature === undefined
      ? {}
      : { signature: engineSet(document, 'signature', signature.authorities) }),
    ...(provenance === undefined
      ? {}
      : {
          provenance: engineSet(
            document,
            'provenance',
            provenance.authorities.map((a): AuthoritySpec => {
              // Provenance is an attestation: static and Notation authorities carry none.
              if (a.kind === 'static' || a.kind === 'notation') return a;
              const cel = provenanceCondition(provenance);
              const predicateType = provenance.predicateType;
              return { ...a, attestations: [{ name: 'provenance', predicateType, cel }] };
            }),
          ),
        }),
  };
}

function engineSet(
  document: SecurityPolicyDocument,
  criterion: string,
  authorities: readonly AuthoritySpec[],
): CompiledPolicySet {
  const policy: PolicyDocument = {
    apiVersion: 'policy.signet.dev/v1alpha1',
    name: `${document.id}.${criterion}`,
    origin: document.origin,
    images: ['**'],
    mode: 'enforce',
    match: [],
    authorities,
  };
  return compilePolicies([policy]);
}

function compileScope(document: SecurityPolicyDocument, scope: PolicyScope): CompiledScope {
  const globs = scope.images.map((glob) => {
    const compiled = compileGlob(glob);
    if (!compiled.ok)
      throw policyError(
        'POLICY_INVALID',
        `SecurityPolicy "${document.name}" (${document.origin}): glob "${glob}": ${compiled.problem}`,
      );
    return compiled.regex;
  });
  return { scope, globs };
}

/** Keys by their keyId, origins left out: moving a file does not change a revision. */
function describe(document: SecurityPolicyDocument): unknown {
  const keys = (list: readonly AuthoritySpec[]) =>
    list.map((a) =>
      a.kind === 'key' && a.key.kind === 'inline'
        ? { ...a, key: { kind: 'inline', keyId: a.key.key.keyId } }
        : a,
    );
  const { signature, provenance, vulnerabilities } = document.criteria;
  return {
    ...document,
    origin: undefined,
    criteria: {
      ...document.criteria,
      signature: signature === undefined ? undefined : { authorities: keys(signature.authorities) },
      provenance:
        provenance === undefined
          ? undefined
          : { ...provenance, authorities: keys(provenance.authorities) },
      vulnerabilities:
        vulnerabilities === undefined
          ? undefined
          : { ...vulnerabilities, authorities: keys(vulnerabilities.authorities) },
    },
  };
}
