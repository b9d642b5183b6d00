/**
 * Kubernetes image pull secrets (https://kubernetes.io/docs/concepts/configuration/secret/):
 *
 * - type `kubernetes.io/dockerconfigjson`: key `.dockerconfigjson` holds a docker config.json;
 * - type `kubernetes.io/dockercfg`: key `.dockercfg` holds the legacy ~/.dockercfg, which is
 *   the `auths` map alone.
 *
 * The key is read from `stringData` (plain text) before `data` (base64), as the API server
 * lets stringData override data on write. The Secret may be YAML or JSON text, or an object
 * as the Kubernetes client returns it. Messages name the source and the field, never values,
 * and YAML errors are reported by code and position because their excerpts quote the text.
 */
import { parseAllDocuments } from 'yaml';
import { decodeBase64 } from '../../core/base64.js';
import type { CredentialProvider } from './credential.js';
import {
  dockerConfigFromObject,
  legacyDockerConfigFromObject,
  MAX_DOCKER_CONFIG_BYTES,
  parseJsonObject,
} from './docker-config.js';
import { invalidCredentials } from './errors.js';
import { lineAndColumn } from './text-position.js';

const SECRET_KEYS = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
} as const;
type PullSecretType = keyof typeof SECRET_KEYS;

/** YAML aliases are expanded into objects; a pull secret needs none, so few are allowed. */
const MAX_YAML_ALIASES = 50;

export function parseKubernetesPullSecret(
  doc: string | object,
  source: string,
): CredentialProvider {
  const secret = typeof doc === 'string' ? parseSecretText(doc, source) : doc;
  if (typeof secret !== 'object' || secret === null || Array.isArray(secret)) {
    throw invalidCredentials(source, ['is not a Kubernetes Secret object']);
  }
  const record = secret as Record<string, unknown>;
  const label = labelOf(record, source);
  if (record['kind'] !== undefined && record['kind'] !== 'Secret') {
    throw invalidCredentials(label, [
      `kind is ${JSON.stringify(record['kind'])}, expected "Secret"`,
    ]);
  }
  const type = record['type'];
  if (typeof type !== 'string' || !Object.hasOwn(SECRET_KEYS, type)) {
    throw invalidCredentials(label, [
      `type is ${type === undefined ? 'missing' : JSON.stringify(type)}; an image pull secret has ` +
        'type "kubernetes.io/dockerconfigjson" (or the legacy "kubernetes.io/dockercfg")',
    ]);
  }
  const secretType = type as PullSecretType;
  const key = SECRET_KEYS[secretType];
  const field = `${label} ${key}`;
  const json = parseJsonObject(secretValue(record, key, label), field);
  switch (secretType) {
    case 'kubernetes.io/dockerconfigjson':
      return dockerConfigFromObject(json, field);
    case 'kubernetes.io/dockercfg':
      return legacyDockerConfigFromObject(json, field);
  }
}

function parseSecretText(text: string, source: string): unknown {
  if (text.length > MAX_DOCKER_CONFIG_BYTES) {
    throw invalidCredentials(source, [
      `has ${text.length} characters; a pull secret is at most ${MAX_DOCKER_CONFIG_BYTES}`,
    ]);
  }
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  if (documents.length !== 1) {
    const problem =
      documents.length === 0
        ? 'is empty; expected a Secret'
        : `holds ${documents.length} YAML documents; give exactly one Secret`;
    throw invalidCredentials(source, [problem]);
  }
  const document = documents[0]!;
  const error = document.errors[0];
  if (error !== undefined) {
    throw invalidCredentials(source, [
      `is not valid YAML or JSON (${error.code} at ${lineAndColumn(text, error.pos[0])})`,
    ]);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch {
    throw invalidCredentials(source, ['uses more YAML aliases than a pull secret can need']);
  }
}

/** The text of `key`: stringData as is, or data decoded from base64. */
function secretValue(secret: Record<string, unknown>, key: string, label: string): string {
  const stringData = mapField(secret, 'stringData', label);
  const data = mapField(secret, 'data', label);
  const plain = stringData?.[key];
  if (plain !== undefined) {
    if (typeof plain !== 'string') {
      throw invalidCredentials(label, [`stringData[${JSON.stringify(key)}] must be a string`]);
    }
    return plain;
  }
  const encoded = data?.[key];
  if (encoded === undefined) {
    throw invalidCredentials(label, [
      `has neither data[${JSON.stringify(key)}] nor stringData[${JSON.stringify(key)}]`,
    ]);
  }
  const what = `data[${JSON.stringify(key)}]`;
  if (typeof encoded !== 'string') throw invalidCredentials(label, [`${what} must be a string`]);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(encoded.trim(), what));
  } catch {
    throw invalidCredentials(label, [`${what} is not base64 of UTF-8 text`]);
  }
}

function mapField(secret: Record<string, unknown>, name: string, label: string) {
  const value = secret[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw invalidCredentials(label, [`${name} must be a map`]);
}

/** `source (Secret namespace/name)` when the Secret says who it is. */
function labelOf(secret: Record<string, unknown>, source: string): string {
  const metadata = secret['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return source;
  const { name, namespace } = metadata as Record<string, unknown>;
  if (typeof name !== 'string') return source;
  const qualified = typeof namespace === 'string' ? `${namespace}/${name}` : name;
  return `${source} (Secret ${qualified})`;
}
