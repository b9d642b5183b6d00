/**
 * `signedIdentity` (containers-policy.json(5), signature/policy_config.go
 * newPolicyReferenceMatchFromJSON): every kind has exactly its members, all required.
 */
import { isSignetError } from '../../core/errors.js';
import { parseNamedReference } from '../gpg/index.js';
import { objectWith, stringMember, type Problems } from './json-fields.js';
import type { JsonValue } from './strict-json.js';
import type { SignedIdentity } from './types.js';

const FIELDS: Record<SignedIdentity['type'], readonly string[]> = {
  matchExact: [],
  matchRepoDigestOrExact: [],
  matchRepository: [],
  exactReference: ['dockerReference'],
  exactRepository: ['dockerRepository'],
  remapIdentity: ['prefix', 'signedPrefix'],
};

// distribution/reference's grammar, anchored as in validateIdentityRemappingPrefix.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_ONLY = new RegExp(`^${DOMAIN}$`);
const DOMAIN_PREFIX = new RegExp(`^${DOMAIN}/`);
const NAME = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);

/** A `prefix`/`signedPrefix`: a registry host, or a name that starts with one. */
export function isRemapPrefix(value: string): boolean {
  return DOMAIN_ONLY.test(value) || (NAME.test(value) && DOMAIN_PREFIX.test(value));
}

export function parseSignedIdentity(
  value: JsonValue | undefined,
  path: string,
  problems: Problems,
): SignedIdentity | undefined {
  const object = objectWith(value, path, 'checked later', problems);
  if (object === undefined) return undefined;
  const type = stringMember(object, 'type', path, problems, true);
  if (type === undefined) return undefined;
  if (!(type in FIELDS)) {
    return problems.add(
      `${path}.type`,
      `unknown signedIdentity type ${JSON.stringify(type)}; use one of ${Object.keys(FIELDS).join(', ')}`,
    );
  }
  const kind = type as SignedIdentity['type'];
  const allowed = FIELDS[kind];
  let ok = true;
  for (const key of object.keys()) {
    if (key !== 'type' && !allowed.includes(key)) {
      problems.add(`${path}.${key}`, `is not a field of signedIdentity type ${kind}`);
      ok = false;
    }
  }
  const field = (key: string) => stringMember(object, key, path, problems, true);
  switch (kind) {
    case 'matchExact':
    case 'matchRepoDigestOrExact':
    case 'matchRepository':
      return ok ? { type: kind } : undefined;
    case 'exactReference': {
      const dockerReference = field('dockerReference');
      if (dockerReference === undefined) return undefined;
      const parsed = parseOrRecord(dockerReference, `${path}.dockerReference`, problems);
      if (parsed !== undefined && parsed.tag === undefined && parsed.digest === undefined) {
        return problems.add(
          `${path}.dockerReference`,
          `"${dockerReference}" contains neither a tag nor a digest`,
        );
      }
      return ok && parsed !== undefined ? { type: kind, dockerReference } : undefined;
    }
    case 'exactRepository': {
      const dockerRepository = field('dockerRepository');
      if (dockerRepository === undefined) return undefined;
      const parsed = parseOrRecord(dockerRepository, `${path}.dockerRepository`, problems);
      return ok && parsed !== undefined ? { type: kind, dockerRepository } : undefined;
    }
    case 'remapIdentity': {
      const prefix = field('prefix');
      const signedPrefix = field('signedPrefix');
      for (const [key, text] of [
        ['prefix', prefix],
        ['signedPrefix', signedPrefix],
      ] as const) {
        if (text !== undefined && !isRemapPrefix(text)) {
          problems.add(
            `${path}.${key}`,
            `"${text}" is not a registry host or a repository name starting with one`,
          );
          ok = false;
        }
      }
      return ok && prefix !== undefined && signedPrefix !== undefined
        ? { type: kind, prefix, signedPrefix }
        : undefined;
    }
  }
}

function parseOrRecord(text: string, path: string, problems: Problems) {
  try {
    return parseNamedReference(text);
  } catch (error) {
    if (!isSignetError(error)) throw error;
    return problems.add(path, `is not a valid docker reference: ${error.message}`);
  }
}
