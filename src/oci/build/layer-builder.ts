/**
 * One random image layer: a gzip'd tar holding a directory and a file of random bytes
 * (OCI image spec layer.md). The diff_id is the digest of the uncompressed tar, the
 * descriptor's digest that of the gzip'd bytes (config.md, "rootfs").
 */
import { gzipSync } from 'node:zlib';
import { digestOf } from '../../core/digest.js';
import { MediaType, type Descriptor } from '../manifest/index.js';
import type { RandomSource } from './random-source.js';
import { writeTar } from './tar-writer.js';

export interface BuiltLayer {
  readonly descriptor: Descriptor;
  /** gzip'd tar, as pushed. */
  readonly compressed: Uint8Array;
  /** sha256 of the uncompressed tar. */
  readonly diffId: string;
  /** Paths in the archive, in order. */
  readonly paths: readonly string[];
}

export function buildLayer(
  index: number,
  bytes: number,
  random: RandomSource,
  mtime: number,
): BuiltLayer {
  const directory = `signet-layer-${index}/`;
  const file = `${directory}random.bin`;
  const tar = writeTar([
    { name: directory, mtime },
    { name: file, content: random(bytes), mtime },
  ]);
  // gzip output depends only on input and level (the header's mtime is 0), so seeded
  // builds give identical digests.
  const compressed = new Uint8Array(gzipSync(tar, { level: 6 }));
  return {
    descriptor: {
      mediaType: MediaType.OciLayerGzip,
      digest: digestOf(compressed),
      size: compressed.byteLength,
    },
    compressed,
    diffId: digestOf(tar),
    paths: [directory, file],
  };
}
