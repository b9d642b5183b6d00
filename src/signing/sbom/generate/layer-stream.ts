/**
 * A layer blob as a stream of uncompressed tar bytes (OCI image spec, layer.md): gzip'd
 * layers (OCI and Docker media types) are inflated on the fly, uncompressed ones pass
 * through; zstd needs Node 22.15's zlib and is refused on older Node with a clear error.
 * The uncompressed length is capped, so a decompression bomb ends in an error after a
 * bounded amount of work and never holds more than one chunk in memory.
 */
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as zlib from 'node:zlib';
import { sbomError } from '../errors.js';

export interface LayerStreamLimits {
  /** Uncompressed bytes one layer may expand to. */
  readonly maxLayerBytes: number;
}

const GZIP_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);
const TAR_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.docker.image.rootfs.diff.tar',
]);
const ZSTD_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar+zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

/** Uncompressed tar chunks of `blob`, checked against the limits; errors are typed. */
export async function* uncompressedLayer(
  blob: Readable,
  mediaType: string,
  limits: LayerStreamLimits,
  what: string,
): AsyncGenerator<Uint8Array> {
  const decompressor = decompressorFor(mediaType, what);
  const stream = decompressor === undefined ? blob : blob.pipe(decompressor);
  if (decompressor !== undefined) {
    // The source's own failure (a digest mismatch, a dropped connection) ends the pipe too.
    blob.on('error', (error) => decompressor.destroy(error));
  }
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > limits.maxLayerBytes) {
        throw sbomError(
          'SBOM_LAYER_TOO_LARGE',
          `${what} expands to more than ${limits.maxLayerBytes} bytes; refusing it as a possible decompression bomb (raise --max-layer-bytes if it is genuine)`,
        );
      }
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('Z_')
    ) {
      throw sbomError(
        'SBOM_LAYER_INVALID',
        `${what} is not valid compressed data: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    blob.destroy();
    decompressor?.destroy();
  }
}

function decompressorFor(mediaType: string, what: string) {
  if (GZIP_TYPES.has(mediaType)) return createGunzip();
  if (TAR_TYPES.has(mediaType)) return undefined;
  if (ZSTD_TYPES.has(mediaType)) {
    const create = (
      zlib as unknown as { createZstdDecompress?: () => ReturnType<typeof createGunzip> }
    ).createZstdDecompress;
    if (create !== undefined) return create();
    throw sbomError(
      'SBOM_LAYER_UNSUPPORTED',
      `${what} is zstd-compressed, which this Node.js (${process.version}) cannot decompress; use Node 22.15 or newer`,
    );
  }
  throw sbomError(
    'SBOM_LAYER_UNSUPPORTED',
    `${what} has media type ${mediaType}, which is not a tar layer`,
  );
}
