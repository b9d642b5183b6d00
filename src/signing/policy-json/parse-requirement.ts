/**
 * One policy requirement (containers-policy.json(5) "Policy Requirements";
 * signature/policy_config.go and policy_config_sigstore.go): `type` chooses the kind, and
 * each kind accepts exactly its members. Key sources follow containers/image: exactly one
 * of them, and signedIdentity defaults to matchRepoDigestOrExact.
 */
import {
  memberPath,
  objectWith,
  stringArrayMember,
  stringMember,
  type Problems,
} from './json-fields.js';
import { parseSignedIdentity } from './parse-identity.js';
import { parseSigstoreSources, REKOR_FIELDS, sourceOf } from './parse-sigstore.js';
import type { JsonObject, JsonValue } from './strict-json.js';
import type { KeySource, Requirement, SignedByKeyType, SignedIdentity } from './types.js';

const KEY_TYPES: readonly SignedByKeyType[] = [
  'GPGKeys',
  'signedByGPGKeys',
  'X509Certificates',
  'signedByX509CAs',
];
export function parseRequirement(
  value: JsonValue | undefined,
  path: string,
  problems: Problems,
): Requirement | undefined {
  const object = objectWith(value, path, 'checked later', problems);
  if (object === undefined) return undefined;
  const type = stringMember(object, 'type', path, problems, true);
  const only = (allowed: readonly string[]) => {
    let ok = true;
    for (const key of object.keys()) {
      if (!allowed.includes(key)) {
        problems.add(memberPath(path, key), `is not a field of a ${type} requirement`);
        ok = false;
      }
    }
    return ok;
  };
  switch (type) {
    case undefined:
      return undefined;
    case 'insecureAcceptAnything':
    case 'reject':
      return only(['type']) ? { type } : undefined;
    case 'signedBy':
      return only(['type', 'keyType', 'keyPath', 'keyPaths', 'keyData', 'signedIdentity'])
        ? signedBy(object, path, problems)
        : undefined;
    case 'sigstoreSigned':
      return only([
        'type',
        'keyPath',
        'keyPaths',
        'keyData',
        'keyDatas',
        'signedIdentity',
        'fulcio',
        'pki',
        ...REKOR_FIELDS,
      ])
        ? sigstoreSigned(object, path, problems)
        : undefined;
    case 'signedBaseLayer': {
      if (!only(['type', 'baseLayerIdentity'])) return undefined;
      const identity = parseSignedIdentity(
        object.get('baseLayerIdentity'),
        `${path}.baseLayerIdentity`,
        problems,
      );
      return identity === undefined ? undefined : { type, baseLayerIdentity: identity };
    }
    default:
      return problems.add(
        `${path}.type`,
        `unknown requirement type ${JSON.stringify(type)}; use insecureAcceptAnything, reject, signedBy or sigstoreSigned`,
      );
  }
}

function signedBy(object: JsonObject, path: string, problems: Problems): Requirement | undefined {
  const keyType = stringMember(object, 'keyType', path, problems, true);
  if (keyType !== undefined && !(KEY_TYPES as readonly string[]).includes(keyType)) {
    problems.add(`${path}.keyType`, `unrecognized keyType ${JSON.stringify(keyType)}; use GPGKeys`);
  }
  const keys = keySource(object, path, problems, ['keyPath', 'keyPaths', 'keyData']);
  const signedIdentity = identityOf(object, path, problems);
  if (keyType === undefined || !(KEY_TYPES as readonly string[]).includes(keyType))
    return undefined;
  if (keys === undefined || signedIdentity === undefined) return undefined;
  return { type: 'signedBy', keyType: keyType as SignedByKeyType, keys, signedIdentity };
}

function sigstoreSigned(
  object: JsonObject,
  path: string,
  problems: Problems,
): Requirement | undefined {
  const sources = parseSigstoreSources(object, path, problems);
  const signedIdentity = identityOf(object, path, problems);
  if (sources === undefined || signedIdentity === undefined) return undefined;
  return { type: 'sigstoreSigned', ...sources, signedIdentity };
}

function identityOf(
  object: JsonObject,
  path: string,
  problems: Problems,
): SignedIdentity | undefined {
  const value = object.get('signedIdentity');
  return value === undefined
    ? { type: 'matchRepoDigestOrExact' }
    : parseSignedIdentity(value, `${path}.signedIdentity`, problems);
}

function keySource(
  object: JsonObject,
  path: string,
  problems: Problems,
  fields: readonly string[],
): KeySource | undefined {
  const present = fields.filter((key) => object.has(key));
  if (present.length !== 1) {
    return problems.add(
      path,
      `exactly one of ${fields.join(', ')} must be given, ${present.length === 0 ? 'none is' : `found ${present.join(' and ')}`}`,
    );
  }
  const key = present[0]!;
  if (key !== 'keyPaths') return sourceOf(object, key, path, problems);
  // signedBy's keyPaths may be empty when parsed (such a requirement rejects every image
  // when evaluated, compile.ts); sourceOf, sigstoreSigned's reader, refuses an empty list.
  const list = stringArrayMember(object, key, path, problems);
  if (object.get(key) === null)
    return problems.add(memberPath(path, key), 'must be an array of paths, not null');
  return list === undefined ? undefined : { kind: 'paths', paths: list };
}
