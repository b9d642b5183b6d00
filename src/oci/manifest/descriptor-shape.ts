/**
 * Shape checks for descriptors and the small JSON values manifests carry. Input is
 * attacker-controlled (whatever a registry served), so every field is checked before use and
 * every problem is collected with its JSON path.
 */
import { isDigest } from '../../core/digest.js';

export type Problems = string[];

/** RFC 6838 type/subtype with optional +suffix, as the OCI image spec requires of mediaType. */
const MEDIA_TYPE_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkMediaType(value: unknown, path: string, problems: Problems): void {
  if (typeof value !== 'string' || !MEDIA_TYPE_PATTERN.test(value)) {
    problems.push(`${path} must be a media type such as application/vnd.oci.image.layer.v1.tar`);
  }
}

export function checkStringMap(value: unknown, path: string, problems: Problems): void {
  if (value === undefined) return;
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    problems.push(`${path} must be an object of string values`);
  }
}

function checkPlatform(value: unknown, path: string, problems: Problems): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push(`${path} must be an object`);
    return;
  }
  for (const field of ['architecture', 'os'] as const) {
    if (typeof value[field] !== 'string') problems.push(`${path}.${field} must be a string`);
  }
  for (const field of ['variant', 'os.version'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') {
      problems.push(`${path}.${field} must be a string`);
    }
  }
  const features = value['os.features'];
  if (features !== undefined && !isStringArray(features)) {
    problems.push(`${path}.os.features must be an array of strings`);
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Checks one descriptor (OCI image spec, descriptor.md) and records every problem found. */
export function checkDescriptor(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value)) {
    problems.push(`${path} must be a descriptor object`);
    return;
  }
  checkMediaType(value.mediaType, `${path}.mediaType`, problems);
  if (typeof value.digest !== 'string' || !isDigest(value.digest)) {
    problems.push(`${path}.digest must be a digest such as sha256:<64 hex>`);
  }
  const size = value.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    problems.push(`${path}.size must be a non-negative integer`);
  }
  checkStringMap(value.annotations, `${path}.annotations`, problems);
  if (value.artifactType !== undefined) {
    checkMediaType(value.artifactType, `${path}.artifactType`, problems);
  }
  checkPlatform(value.platform, `${path}.platform`, problems);
  if (value.urls !== undefined && !isStringArray(value.urls)) {
    problems.push(`${path}.urls must be an array of strings`);
  }
}

export function checkDescriptorList(value: unknown, path: string, problems: Problems): void {
  if (!Array.isArray(value)) {
    problems.push(`${path} must be an array of descriptors`);
    return;
  }
  value.forEach((item, i) => checkDescriptor(item, `${path}[${i}]`, problems));
}
