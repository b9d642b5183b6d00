/**
 * A `sigstoreSigned` requirement (containers-policy.json(5); containers/image
 * signature/policy_config_sigstore.go newPRSigstoreSigned, newPRSigstoreSignedFulcio,
 * newPRSigstoreSignedPKI). The combination rules are containers/image's:
 * - exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki;
 * - at most one of rekorPublicKeyPath(s)/Data(s); fulcio needs one, pki refuses one;
 * - fulcio: exactly one of caPath and caData, non-empty oidcIssuer and subjectEmail;
 * - pki: exactly one of caRootsPath and caRootsData, at most one of caIntermediatesPath and
 *   caIntermediatesData, and subjectEmail or subjectHostname (or both).
 * `…Paths` and `…Datas` must not be empty.
 */
import {
  bytesMember,
  describeJson,
  memberPath,
  objectWith,
  stringArrayMember,
  stringMember,
  type Problems,
} from './json-fields.js';
import type { JsonObject } from './strict-json.js';
import type { KeySource, SigstoreTrust } from './types.js';

export const KEY_FIELDS = ['keyPath', 'keyPaths', 'keyData', 'keyDatas'] as const;
export const REKOR_FIELDS = [
  'rekorPublicKeyPath',
  'rekorPublicKeyPaths',
  'rekorPublicKeyData',
  'rekorPublicKeyDatas',
] as const;
const FULCIO_FIELDS = ['caPath', 'caData', 'oidcIssuer', 'subjectEmail'];
const PKI_FIELDS = [
  'caRootsPath',
  'caRootsData',
  'caIntermediatesPath',
  'caIntermediatesData',
  'subjectEmail',
  'subjectHostname',
];

export interface SigstoreSources {
  readonly trust: SigstoreTrust;
  readonly rekorKeys?: KeySource;
}

/** The key source and Rekor keys of a sigstoreSigned object; problems recorded at `path`. */
export function parseSigstoreSources(
  object: JsonObject,
  path: string,
  problems: Problems,
): SigstoreSources | undefined {
  const keyFields = KEY_FIELDS.filter((key) => object.has(key));
  const sources = keyFields.length + (object.has('fulcio') ? 1 : 0) + (object.has('pki') ? 1 : 0);
  if (sources !== 1) {
    problems.add(
      path,
      'exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki must be given',
    );
  }
  const rekorFields = REKOR_FIELDS.filter((key) => object.has(key));
  if (rekorFields.length > 1) {
    problems.add(
      path,
      `at most one of ${REKOR_FIELDS.join(', ')} may be given, found ${rekorFields.join(' and ')}`,
    );
  }
  if (object.has('fulcio') && rekorFields.length === 0) {
    problems.add(
      path,
      `fulcio needs one of ${REKOR_FIELDS.join(', ')}: Fulcio certificates are only trusted with a Rekor SET`,
    );
  }
  if (object.has('pki') && rekorFields.length > 0) {
    problems.add(path, `${rekorFields.join(', ')} cannot be used with pki`);
  }
  const rekorKeys =
    rekorFields.length === 1 ? sourceOf(object, rekorFields[0]!, path, problems) : undefined;
  let trust: SigstoreTrust | undefined;
  if (keyFields.length === 1) {
    const keys = sourceOf(object, keyFields[0]!, path, problems);
    trust = keys === undefined ? undefined : { kind: 'keys', keys };
  } else if (object.has('fulcio')) trust = fulcio(object, `${path}.fulcio`, problems);
  else if (object.has('pki')) trust = pki(object, `${path}.pki`, problems);
  if (sources !== 1 || rekorFields.length > 1 || trust === undefined) return undefined;
  if (rekorFields.length === 1 && rekorKeys === undefined) return undefined;
  if (trust.kind === 'fulcio' && rekorKeys === undefined) return undefined;
  if (trust.kind === 'pki' && rekorFields.length > 0) return undefined;
  return rekorKeys === undefined ? { trust } : { trust, rekorKeys };
}

function fulcio(parent: JsonObject, path: string, problems: Problems): SigstoreTrust | undefined {
  const object = objectWith(parent.get('fulcio'), path, FULCIO_FIELDS, problems);
  if (object === undefined) return undefined;
  const ca = onePemSource(object, 'caPath', 'caData', path, problems, true);
  const oidcIssuer = nonEmpty(object, 'oidcIssuer', path, problems, true);
  const subjectEmail = nonEmpty(object, 'subjectEmail', path, problems, true);
  if (ca === undefined || oidcIssuer === undefined || subjectEmail === undefined) return undefined;
  return { kind: 'fulcio', ca, oidcIssuer, subjectEmail };
}

function pki(parent: JsonObject, path: string, problems: Problems): SigstoreTrust | undefined {
  const object = objectWith(parent.get('pki'), path, PKI_FIELDS, problems);
  if (object === undefined) return undefined;
  const caRoots = onePemSource(object, 'caRootsPath', 'caRootsData', path, problems, true);
  const both = object.has('caIntermediatesPath') || object.has('caIntermediatesData');
  const caIntermediates = both
    ? onePemSource(object, 'caIntermediatesPath', 'caIntermediatesData', path, problems, false)
    : undefined;
  const subjectEmail = nonEmpty(object, 'subjectEmail', path, problems, false);
  const subjectHostname = nonEmpty(object, 'subjectHostname', path, problems, false);
  if (subjectEmail === undefined && subjectHostname === undefined) {
    problems.add(path, 'at least one of subjectEmail and subjectHostname must be given');
    return undefined;
  }
  if (caRoots === undefined || (both && caIntermediates === undefined)) return undefined;
  return {
    kind: 'pki',
    caRoots,
    ...(caIntermediates === undefined ? {} : { caIntermediates }),
    ...(subjectEmail === undefined ? {} : { subjectEmail }),
    ...(subjectHostname === undefined ? {} : { subjectHostname }),
  };
}

/** `xPath` or `xData` (exactly one when required, at most one otherwise). */
function onePemSource(
  object: JsonObject,
  pathKey: string,
  dataKey: string,
  path: string,
  problems: Problems,
  required: boolean,
): KeySource | undefined {
  if (object.has(pathKey) && object.has(dataKey)) {
    return problems.add(path, `${pathKey} and ${dataKey} cannot be used together`);
  }
  if (!object.has(pathKey) && !object.has(dataKey)) {
    return required
      ? problems.add(path, `one of ${pathKey} and ${dataKey} must be given`)
      : undefined;
  }
  return sourceOf(object, object.has(pathKey) ? pathKey : dataKey, path, problems);
}

function nonEmpty(
  object: JsonObject,
  key: string,
  path: string,
  problems: Problems,
  required: boolean,
): string | undefined {
  const text = stringMember(object, key, path, problems, required);
  if (text === '') return problems.add(memberPath(path, key), 'must not be empty');
  return text;
}

/** One `…Path`, `…Paths`, `…Data` or `…Datas` member as a key source. */
export function sourceOf(
  object: JsonObject,
  key: string,
  path: string,
  problems: Problems,
): KeySource | undefined {
  const at = memberPath(path, key);
  if (key.endsWith('Paths')) {
    if (object.get(key) === null) return problems.add(at, 'must be an array of paths, not null');
    const list = stringArrayMember(object, key, path, problems);
    if (list !== undefined && list.length === 0) return problems.add(at, 'contains no entries');
    return list === undefined ? undefined : { kind: 'paths', paths: list };
  }
  if (key.endsWith('Path')) {
    const text = nonEmpty(object, key, path, problems, true);
    return text === undefined ? undefined : { kind: 'path', path: text };
  }
  if (key.endsWith('Datas')) {
    const value = object.get(key);
    if (!Array.isArray(value) || value.length === 0) {
      return problems.add(
        at,
        `must be a non-empty array of base64 strings, not ${describeJson(value)}`,
      );
    }
    const data = value.map((item, i) => bytesMember(item, `${at}[${i}]`, problems));
    return data.every((d) => d !== undefined) ? { kind: 'data', data } : undefined;
  }
  const bytes = bytesMember(object.get(key), at, problems);
  return bytes === undefined ? undefined : { kind: 'data', data: [bytes] };
}
