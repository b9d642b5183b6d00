/**
 * Layers and images for the SBOM tests, built here from files the tests name: a ustar
 * writer that, unlike the image builder's, writes symbolic and hard links, any name
 * (including hostile ones: `../`, absolute, very long, through a pax header) and
 * whiteouts, and an image assembler that gzips the layers and writes the OCI config and
 * manifest (image spec config.md, manifest.md). Only tests use it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { digestOf } from '../core/digest.js';
import {
  assembleImage,
  type AssembledLayer,
  type BuiltImage,
  type ImageConfig,
} from '../oci/build/index.js';
import { MediaType, type Platform } from '../oci/manifest/index.js';

export interface LayerFile {
  readonly path: string;
  readonly content?: Uint8Array | string;
  /** Default 'file' ('directory' when the path ends with `/`). */
  readonly type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  readonly link?: string;
  readonly mode?: number;
}

const BLOCK = 512;
const encoder = new TextEncoder();

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, flag: string, mode: number, link = ''): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  block.set(encoder.encode(name).subarray(0, 100), 0);
  put(100, octal(mode, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(0, 12));
  put(148, '        ');
  put(156, flag);
  block.set(encoder.encode(link).subarray(0, 100), 157);
  put(257, 'ustar\u000000');
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(148, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function padded(bytes: Uint8Array): Uint8Array[] {
  const rest = (BLOCK - (bytes.byteLength % BLOCK)) % BLOCK;
  return [bytes, new Uint8Array(rest)];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
  return `${length}${body}`;
}

/** An uncompressed tar of `files`, in order, ending with two zero blocks. */
export function tarLayer(files: readonly LayerFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const file of files) {
    const type = file.type ?? (file.path.endsWith('/') ? 'directory' : 'file');
    const content =
      typeof file.content === 'string'
        ? encoder.encode(file.content)
        : (file.content ?? new Uint8Array(0));
    const flag = { file: '0', directory: '5', symlink: '2', hardlink: '1' }[type];
    const size = type === 'file' ? content.byteLength : 0;
    const link = file.link ?? '';
    if (encoder.encode(file.path).byteLength > 100 || encoder.encode(link).byteLength > 100) {
      const pax = encoder.encode(
        paxRecord('path', file.path) + (link === '' ? '' : paxRecord('linkpath', link)),
      );
      parts.push(header('PaxHeader', pax.byteLength, 'x', 0o644), ...padded(pax));
    }
    parts.push(
      header(file.path, size, flag, file.mode ?? (type === 'directory' ? 0o755 : 0o644), link),
    );
    if (size > 0) parts.push(...padded(content));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export interface ImageLayer {
  /** Uncompressed tar, or already-compressed bytes with `mediaType` saying how. */
  readonly bytes: Uint8Array;
  readonly mediaType?: string;
}

/** An OCI image of the given layers (tar layers are gzip'd), ready for pushImage. */
export function imageOfLayers(
  layers: readonly (Uint8Array | ImageLayer)[],
  platform: Platform = { os: 'linux', architecture: 'amd64' },
): BuiltImage {
  const assembled: AssembledLayer[] = [];
  const diffIds: string[] = [];
  for (const item of layers) {
    const layer = item instanceof Uint8Array ? { bytes: item } : item;
    const compressed =
      layer.mediaType === undefined ? new Uint8Array(gzipSync(layer.bytes)) : layer.bytes;
    const digest = digestOf(compressed);
    assembled.push({
      descriptor: {
        mediaType: layer.mediaType ?? MediaType.OciLayerGzip,
        digest,
        size: compressed.byteLength,
      },
      compressed,
    });
    // diff_ids name the uncompressed tar (config.md, "rootfs"); tools such as syft check them.
    const uncompressed =
      layer.mediaType?.endsWith('gzip') === true ? gunzipSync(compressed) : layer.bytes;
    diffIds.push(digestOf(layer.mediaType === undefined ? layer.bytes : uncompressed));
  }
  const created = new Date(0).toISOString();
  const config: ImageConfig = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    config: { Env: [], Entrypoint: ['/bin/true'], Labels: {} },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: diffIds.map(() => ({ created, created_by: 'signet sbom test layer' })),
  };
  return assembleImage(config, assembled, platform);
}
