/**
 * The containers/image `dir:` layout and its signature files (containers/image
 * docs/containers-signature.5.md, signature-protocols.md; internal/signature/sigstore.go):
 * `manifest.json` plus `signature-1`, `signature-2`, … read until the first missing one.
 *
 * A signature file is either a GPG "simple signing" blob (first byte is not 0), or a
 * zero byte, a format name, a newline and the format's data. For `sigstore-json` the
 * data is `{"mimeType","payload"(base64),"annotations"}`: exactly one cosign layer.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { digestOf } from '../../core/digest.js';
import { describeError, errorFactory } from '../../core/errors.js';
import { COSIGN_ERRORS } from './errors.js';
import type { SignatureLayer } from './signature-layer.js';

const fail = errorFactory(COSIGN_ERRORS);

const SIGSTORE_FORMAT = 'sigstore-json';
/** Same bound as an OCI manifest read from a registry (4 MiB, as containerd and distribution use). */
export const MAX_DIR_MANIFEST_BYTES = 4 * 1024 * 1024;
/** A cosign layer with certificate chain and Rekor bundle is ~10 KiB; GPG signatures are smaller. */
export const MAX_SIGNATURE_FILE_BYTES = 4 * 1024 * 1024;
/** containers/image itself has no limit; an image with more signatures than this is hostile. */
export const MAX_DIR_SIGNATURES = 1000;

export type ContainersSignature =
  | { readonly kind: 'sigstore'; readonly layer: SignatureLayer }
  | { readonly kind: 'simple-signing'; readonly bytes: Uint8Array };

/** Classifies and parses one signature file (attacker-controlled). */
export function parseContainersSignature(bytes: Uint8Array, what: string): ContainersSignature {
  if (bytes.length === 0) throw fail('CONTAINERS_SIGNATURE_INVALID', `${what} is empty`);
  if (bytes[0] !== 0) return { kind: 'simple-signing', bytes };
  const newline = bytes.indexOf(0x0a);
  if (newline < 0)
    throw fail(
      'CONTAINERS_SIGNATURE_INVALID',
      `${what} has a format marker but no newline after it`,
    );
  const format = new TextDecoder().decode(bytes.subarray(1, newline));
  if (format !== SIGSTORE_FORMAT) {
    throw fail(
      'CONTAINERS_SIGNATURE_INVALID',
      `${what} is in signature format "${format.slice(0, 40)}", which Signet does not read`,
    );
  }
  return { kind: 'sigstore', layer: parseSigstoreJson(bytes.subarray(newline + 1), what) };
}

/** The `sigstore-json` file for one layer, members in containers/image's order. */
export function encodeContainersSigstoreSignature(layer: SignatureLayer): Uint8Array {
  const json = JSON.stringify({
    mimeType: layer.mediaType,
    payload: encodeBase64(layer.payload),
    annotations: layer.annotations,
  });
  return new TextEncoder().encode(`\x00${SIGSTORE_FORMAT}\n${json}`);
}

function parseSigstoreJson(bytes: Uint8Array, what: string): SignatureLayer {
  const invalid = (problem: string) => fail('CONTAINERS_SIGNATURE_INVALID', `${what}: ${problem}`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('sigstore-json data is not UTF-8 JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw invalid('sigstore-json data is not an object');
  const { mimeType, payload, annotations = {}, ...rest } = doc as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(`unknown member(s) ${extra.join(', ')}`);
  if (typeof mimeType !== 'string' || mimeType === '')
    throw invalid('"mimeType" must be a non-empty string');
  if (typeof payload !== 'string') throw invalid('"payload" must be a base64 string');
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) {
    throw invalid('"annotations" must be an object of strings');
  }
  for (const [name, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') throw invalid(`annotation "${name}" is not a string`);
  }
  let decoded: Uint8Array;
  try {
    decoded = decodeBase64(payload, `${what} payload`);
  } catch {
    throw invalid('"payload" is not base64');
  }
  return {
    mediaType: mimeType,
    payload: decoded,
    annotations: annotations as Record<string, string>,
  };
}

export interface ContainersDirImage {
  readonly manifest: Uint8Array;
  /** sha256 of manifest.json; schema 1 manifests (digest over the unsigned form) are not handled. */
  readonly manifestDigest: string;
  readonly signatures: readonly ContainersSignature[];
}

export interface ReadContainersDirOptions {
  /** Reads a file of at most `maxBytes`; must reject with `code: 'ENOENT'` when it is absent. */
  readonly readFile?: (path: string, maxBytes: number) => Promise<Uint8Array>;
}

/** Reads a dir: image; CONTAINERS_DIR_NO_MANIFEST when manifest.json is missing. */
export async function readContainersDir(
  dir: string,
  options: ReadContainersDirOptions = {},
): Promise<ContainersDirImage> {
  const readFile = options.readFile ?? readBoundedFile;
  const manifest = await readOptional(readFile, join(dir, 'manifest.json'), MAX_DIR_MANIFEST_BYTES);
  if (manifest === undefined) {
    throw fail(
      'CONTAINERS_DIR_NO_MANIFEST',
      `${dir} has no manifest.json; it is not a dir: image, so its signatures cannot be checked`,
    );
  }
  const signatures: ContainersSignature[] = [];
  for (let index = 1; index <= MAX_DIR_SIGNATURES + 1; index += 1) {
    const path = join(dir, `signature-${index}`);
    const bytes = await readOptional(readFile, path, MAX_SIGNATURE_FILE_BYTES);
    if (bytes === undefined) return { manifest, manifestDigest: digestOf(manifest), signatures };
    if (index > MAX_DIR_SIGNATURES) break;
    signatures.push(parseContainersSignature(bytes, path));
  }
  throw fail(
    'CONTAINERS_DIR_INVALID',
    `${dir} has more than ${MAX_DIR_SIGNATURES} signatures; refusing to read them`,
  );
}

async function readOptional(
  readFile: NonNullable<ReadContainersDirOptions['readFile']>,
  path: string,
  maxBytes: number,
) {
  try {
    return await readFile(path, maxBytes);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw fail('CONTAINERS_DIR_INVALID', `cannot read ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

async function readBoundedFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new Error(`${size} bytes exceed the ${maxBytes}-byte bound`);
    const buffer = new Uint8Array(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
