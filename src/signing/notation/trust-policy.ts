/**
 * Reads an OCI trust policy document (notation's `trustpolicy.json` /
 * `trustpolicy.oci.json`, version 1.0), collecting every problem with its JSON path before
 * refusing, and picks the statement that applies to an image: the one naming its
 * `registry/repository` scope exactly, else the one with the wildcard scope `*`.
 */
import { REQUIRED_IDENTITY_ATTRIBUTES, parseDistinguishedName } from './distinguished-name.js';
import { notationError, VERIFICATION_CHECKS, type VerificationCheck } from './errors.js';
import {
  LEVEL_ACTIONS,
  TRUST_STORE_TYPES,
  type CheckAction,
  type TrustPolicyDocument,
  type TrustPolicyStatement,
  type TrustStoreRef,
  type TrustedIdentity,
  type VerificationLevel,
} from './trust-policy-types.js';

const LEVELS: readonly VerificationLevel[] = ['strict', 'permissive', 'audit', 'skip'];
const ACTIONS: readonly CheckAction[] = ['enforce', 'log', 'skip'];
const STORE_NAME = /^[a-zA-Z0-9_.-]+$/;
const SCOPE =
  /^[a-z0-9.-]+(?::[0-9]+)?\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const SUBJECT_PREFIX = 'x509.subject:';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates; `origin` (a file name) prefixes every problem. */
export function parseTrustPolicy(text: string, origin: string): TrustPolicyDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw notationError('NOTATION_TRUST_POLICY_INVALID', `${origin} is not JSON`, { cause });
  }
  return validateTrustPolicy(doc, origin);
}

export function validateTrustPolicy(doc: unknown, origin: string): TrustPolicyDocument {
  const problems: string[] = [];
  const problem = (path: string, text: string) => problems.push(`${path}: ${text}`);
  const statements: TrustPolicyStatement[] = [];
  if (!isObject(doc)) {
    problem('$', 'must be an object with version and trustPolicies');
  } else {
    unknownFields(doc, ['version', 'trustPolicies'], '$', problem);
    if (doc.version !== '1.0')
      problem('version', `is ${JSON.stringify(doc.version)}; only "1.0" is supported`);
    const list = doc.trustPolicies;
    if (!Array.isArray(list) || list.length === 0)
      problem('trustPolicies', 'must list at least one trust policy');
    else
      list.forEach((entry, i) => {
        const s = statement(entry, `trustPolicies[${i}]`, problem);
        if (s !== undefined) statements.push(s);
      });
    crossChecks(statements, problem);
  }
  if (problems.length > 0) {
    throw notationError(
      'NOTATION_TRUST_POLICY_INVALID',
      `trust policy ${origin} is invalid:\n  ${problems.join('\n  ')}`,
      { details: { problems } },
    );
  }
  return { version: '1.0', statements };
}

function unknownFields(
  o: Json,
  known: readonly string[],
  path: string,
  problem: (p: string, t: string) => void,
) {
  for (const key of Object.keys(o))
    if (!known.includes(key))
      problem(
        `${path}.${key}`,
        'is not a trust policy field (Signet refuses what it would ignore)',
      );
}

function stringList(
  v: unknown,
  path: string,
  problem: (p: string, t: string) => void,
): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    problem(path, 'must be a list of strings');
    return undefined;
  }
  return v as string[];
}

function statement(
  entry: unknown,
  path: string,
  problem: (p: string, t: string) => void,
): TrustPolicyStatement | undefined {
  if (!isObject(entry)) {
    problem(path, 'must be an object');
    return undefined;
  }
  unknownFields(
    entry,
    ['name', 'registryScopes', 'signatureVerification', 'trustStores', 'trustedIdentities'],
    path,
    problem,
  );
  const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
  if (name === undefined) problem(`${path}.name`, 'is required');
  const scopes = stringList(entry.registryScopes, `${path}.registryScopes`, problem);
  if (scopes !== undefined) {
    if (scopes.length === 0)
      problem(`${path}.registryScopes`, 'must name at least one scope (registry/repository) or *');
    if (scopes.includes('*') && scopes.length > 1)
      problem(`${path}.registryScopes`, 'the wildcard * must be the only scope of its statement');
    for (const s of scopes)
      if (s !== '*' && !SCOPE.test(s))
        problem(`${path}.registryScopes`, `"${s}" is not registry/repository (no tag or digest)`);
  }
  const verification = entry.signatureVerification;
  let level: VerificationLevel | undefined;
  let actions: Record<VerificationCheck, CheckAction> | undefined;
  if (!isObject(verification))
    problem(`${path}.signatureVerification`, 'is required, with a level');
  else {
    unknownFields(verification, ['level', 'override'], `${path}.signatureVerification`, problem);
    level = LEVELS.find((l) => l === verification.level);
    if (level === undefined)
      problem(
        `${path}.signatureVerification.level`,
        `is ${JSON.stringify(verification.level)}; use strict, permissive, audit or skip`,
      );
    else
      actions = overrides(
        level,
        verification.override,
        `${path}.signatureVerification.override`,
        problem,
      );
  }
  const stores = trustStores(entry.trustStores, `${path}.trustStores`, problem);
  const identities = trustedIdentities(
    entry.trustedIdentities,
    `${path}.trustedIdentities`,
    problem,
  );
  if (level === 'skip') {
    if ((stores?.length ?? 0) > 0 || (identities?.length ?? 0) > 0)
      problem(path, 'level skip takes no trustStores or trustedIdentities');
  } else if (level !== undefined) {
    if (stores?.length === 0)
      problem(`${path}.trustStores`, 'must name at least one trust store (type:name)');
    if (identities?.length === 0)
      problem(
        `${path}.trustedIdentities`,
        'must list at least one identity (x509.subject:... or *)',
      );
  }
  if (
    name === undefined ||
    scopes === undefined ||
    level === undefined ||
    actions === undefined ||
    stores === undefined ||
    identities === undefined
  )
    return undefined;
  return {
    name,
    registryScopes: scopes,
    level,
    actions,
    trustStores: stores,
    trustedIdentities: identities,
  };
}

function overrides(
  level: VerificationLevel,
  value: unknown,
  path: string,
  problem: (p: string, t: string) => void,
) {
  const actions = { ...LEVEL_ACTIONS[level] };
  if (value === undefined) return actions;
  if (!isObject(value)) {
    problem(path, 'must map checks to enforce, log or skip');
    return actions;
  }
  if (level === 'skip') problem(path, 'level skip cannot be overridden');
  for (const [check, action] of Object.entries(value)) {
    const known = VERIFICATION_CHECKS.find((c) => c === check);
    const act = ACTIONS.find((a) => a === action);
    if (known === undefined)
      problem(`${path}.${check}`, `is not a check; use ${VERIFICATION_CHECKS.slice(1).join(', ')}`);
    else if (known === 'integrity') problem(`${path}.integrity`, 'integrity cannot be overridden');
    else if (act === undefined)
      problem(`${path}.${check}`, `is ${JSON.stringify(action)}; use enforce, log or skip`);
    else if (known === 'authenticity' && act === 'skip')
      problem(`${path}.authenticity`, 'authenticity cannot be skipped; use log, or level skip');
    else actions[known] = act;
  }
  return actions;
}

function trustStores(
  v: unknown,
  path: string,
  problem: (p: string, t: string) => void,
): TrustStoreRef[] | undefined {
  const list = stringList(v, path, problem);
  if (list === undefined) return undefined;
  const refs: TrustStoreRef[] = [];
  for (const text of list) {
    const colon = text.indexOf(':');
    const type = TRUST_STORE_TYPES.find((t) => t === text.slice(0, colon));
    const name = text.slice(colon + 1);
    if (colon < 0 || type === undefined || !STORE_NAME.test(name)) {
      problem(path, `"${text}" is not type:name with type ca, signingAuthority or tsa`);
      continue;
    }
    if (refs.some((r) => r.type === type && r.name === name))
      problem(path, `"${text}" is listed twice`);
    refs.push({ type, name });
  }
  return refs;
}

function trustedIdentities(
  v: unknown,
  path: string,
  problem: (p: string, t: string) => void,
): TrustedIdentity[] | undefined {
  const list = stringList(v, path, problem);
  if (list === undefined) return undefined;
  if (list.includes('*') && list.length > 1)
    problem(path, 'the wildcard * must be the only trusted identity');
  const out: TrustedIdentity[] = [];
  for (const text of list) {
    if (text === '*') {
      out.push({ kind: 'any' });
      continue;
    }
    if (!text.startsWith(SUBJECT_PREFIX)) {
      problem(path, `"${text}" is neither * nor x509.subject:<distinguished name>`);
      continue;
    }
    const subject = parseDistinguishedName(text.slice(SUBJECT_PREFIX.length));
    const missing = REQUIRED_IDENTITY_ATTRIBUTES.filter((a) => subject?.has(a) !== true);
    if (subject === undefined) problem(path, `"${text}" has a malformed distinguished name`);
    else if (missing.length > 0)
      problem(path, `"${text}" lacks ${missing.join(', ')} (C, ST and O are required)`);
    else out.push({ kind: 'subject', text, subject });
  }
  return out;
}

function crossChecks(
  statements: readonly TrustPolicyStatement[],
  problem: (p: string, t: string) => void,
) {
  const names = new Set<string>();
  const scopes = new Map<string, string>();
  for (const s of statements) {
    if (names.has(s.name)) problem('trustPolicies', `name "${s.name}" is used twice`);
    names.add(s.name);
    for (const scope of s.registryScopes) {
      const other = scopes.get(scope);
      if (other !== undefined)
        problem('trustPolicies', `scope "${scope}" is in both "${other}" and "${s.name}"`);
      scopes.set(scope, s.name);
    }
  }
}

/** The statement for `registry/repository`: an exact scope first, then `*`. */
export function selectTrustPolicy(
  doc: TrustPolicyDocument,
  scope: string,
): TrustPolicyStatement | undefined {
  return (
    doc.statements.find((s) => s.registryScopes.includes(scope)) ??
    doc.statements.find((s) => s.registryScopes.includes('*'))
  );
}
