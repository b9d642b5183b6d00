/**
 * The lookaside layout (containers/image docs/signature-protocols.md, "docker/distribution
 * registries—separate storage"):
 *
 *   <base>/<repository path>@<algorithm>=<hex>/signature-<N>
 *
 * with the repository path without its registry host (`library/busybox`), `=` instead of
 * `:` in the digest, and N counting from 1. Readers stop at the first missing N, so a
 * writer must never leave a gap. Pure.
 */
import { parseDigest } from '../../core/digest.js';
import { lookasideError } from './errors.js';

export const LOOKASIDE_SCHEMES = ['file:', 'http:', 'https:'] as const;

/**
 * containers/image (docker_image_src.go, maxLookasideSignatures) reports a store as broken
 * once it has read 128 signatures without reaching a missing one, so a digest may hold at
 * most 127 signatures that every reader accepts. Signet reads and writes no more.
 */
export const MAX_LOOKASIDE_SIGNATURES = 127;

/** Repository paths as docker's grammar allows them: lower-case components joined by `/`. */
const REPOSITORY_PATH =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function isRepositoryPath(value: string): boolean {
  return value.length <= 255 && REPOSITORY_PATH.test(value);
}

/** Parses a configured base URL; credentials in it are never echoed. */
export function parseLookasideBase(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw lookasideError(
      'LOOKASIDE_URL_UNSUPPORTED',
      `lookaside "${redactUrlText(base)}" is not an absolute URL; use file:///path or https://host/path`,
    );
  }
  if (!(LOOKASIDE_SCHEMES as readonly string[]).includes(url.protocol)) {
    throw lookasideError(
      'LOOKASIDE_URL_UNSUPPORTED',
      `lookaside ${redactUrl(url)} uses the scheme ${url.protocol.slice(0, -1)}; only file, http and https are supported`,
    );
  }
  return url;
}

/** The folder (as a URL) holding the signatures of one manifest digest. */
export function signatureFolderUrl(base: URL, repository: string, digest: string): URL {
  if (!isRepositoryPath(repository)) {
    throw new TypeError(`"${repository}" is not a repository path`);
  }
  const { algorithm, hex } = parseDigest(digest);
  const url = new URL(base.href);
  // Go joins with "/" whatever the base ends with ("https://h/" gives "//repo"); servers and
  // file systems read a doubled slash as one, so a trailing slash is dropped here.
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${repository}@${algorithm}=${hex}`;
  return url;
}

/** The URL of signature N (from 1) of a manifest digest. */
export function signatureUrl(base: URL, repository: string, digest: string, index: number): URL {
  if (!Number.isSafeInteger(index) || index < 1) throw new TypeError('signature index starts at 1');
  const url = signatureFolderUrl(base, repository, digest);
  url.pathname = `${url.pathname}/signature-${index}`;
  return url;
}

export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.username !== '' || copy.password !== '') {
    copy.username = 'redacted';
    copy.password = '';
  }
  copy.search = '';
  return copy.href;
}

function redactUrlText(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//redacted@').slice(0, 200);
}
