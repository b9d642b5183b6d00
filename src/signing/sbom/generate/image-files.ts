/**
 * Reads an image's layers in order and keeps, for the final file system, the files that
 * hold package metadata and the Go build information of executables, each with the layer
 * that wrote it. Layers are applied as the OCI image spec's layer.md says: a later layer's
 * file replaces an earlier one at the same path; `.wh.NAME` deletes NAME (and what is
 * under it) from lower layers, `.wh..wh..opq` empties its directory of lower layers'
 * files. Symbolic links are recorded as replacements but never followed, so link loops
 * cannot make the walk loop. Memory is bounded by the per-file caps and a total cap on
 * retained bytes; nothing is written to disk.
 */
import type { Readable } from 'node:stream';
import { sbomError } from '../errors.js';
import { uncompressedLayer } from './layer-stream.js';
import { GoBuildInfoScanner, looksExecutable, type GoBuildInfo } from './go-buildinfo-scanner.js';
import { readTarEntries, type TarEntry } from './tar-entries.js';
import { MAX_BYTES, metadataKind, type MetadataKind } from './wanted-files.js';

export interface LayerSource {
  readonly digest: string;
  readonly mediaType: string;
  open(): Promise<Readable>;
}

export type CollectedFile =
  | { kind: MetadataKind; path: string; layer: string; bytes: Uint8Array }
  | { kind: 'go-binary'; path: string; layer: string; buildInfo: GoBuildInfo };

export interface ReadLimits {
  /** Uncompressed bytes per layer; default 8 GiB. */
  readonly maxLayerBytes: number;
  /** Tar entries per layer; default 1,000,000 (a full distribution has about 100,000 files). */
  readonly maxEntries: number;
  /** Metadata bytes kept in memory across all layers; default 512 MiB. */
  readonly maxRetainedBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLayerBytes: 8 * 1024 * 1024 * 1024,
  maxEntries: 1_000_000,
  maxRetainedBytes: 512 * 1024 * 1024,
};

export interface ImageFiles {
  files: CollectedFile[];
  /** Things skipped on purpose: clamped hostile names, files over their cap. */
  warnings: string[];
  /** Bytes of uncompressed tar read, for throughput figures. */
  tarBytes: number;
}

export async function readImageFiles(
  layers: readonly LayerSource[],
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<ImageFiles> {
  let files = new Map<string, CollectedFile>();
  const warnings: string[] = [];
  let tarBytes = 0;
  let retained = 0;
  for (const [index, layer] of layers.entries()) {
    const what = `layer ${index + 1} (${layer.digest})`;
    const added = new Map<string, CollectedFile>();
    const removed: { path: string; opaque: boolean }[] = [];
    const stream = uncompressedLayer(await layer.open(), layer.mediaType, limits, what);
    const counted = (async function* () {
      for await (const chunk of stream) {
        tarBytes += chunk.byteLength;
        yield chunk;
      }
    })();
    try {
      for await (const entry of readTarEntries(counted, limits, what)) {
        if (entry.clamped)
          warnings.push(`${what}: entry name resolved inside the image root as /${entry.path}`);
        const slash = entry.path.lastIndexOf('/');
        const base = entry.path.slice(slash + 1);
        const directory = slash < 0 ? '' : entry.path.slice(0, slash);
        if (base === '.wh..wh..opq') {
          removed.push({ path: directory, opaque: true });
          continue;
        }
        if (base.startsWith('.wh.')) {
          const target = (directory === '' ? '' : `${directory}/`) + base.slice(4);
          removed.push({ path: target, opaque: false });
          continue;
        }
        // Anything at a path replaces what lower layers had there, and a non-directory
        // replaces a whole lower directory (layer.md, "Changesets").
        if (entry.type !== 'directory') removed.push({ path: entry.path, opaque: false });
        const collected = await collect(entry, layer.digest, what, warnings);
        if (collected !== undefined) {
          retained +=
            collected.kind === 'go-binary'
              ? collected.buildInfo.modules.length
              : collected.bytes.byteLength;
          if (retained > limits.maxRetainedBytes) {
            throw sbomError(
              'SBOM_LAYER_TOO_LARGE',
              `the image's package metadata exceeds ${limits.maxRetainedBytes} bytes; refusing to hold more in memory`,
            );
          }
          added.set(entry.path, collected);
        }
      }
      // Read past the end-of-archive blocks to the end of the blob, so that its digest and
      // the gzip trailer are checked before anything read from it is trusted (the length
      // stays bounded by maxLayerBytes).
      while ((await counted.next()).done !== true);
    } finally {
      // On an error, this closes the layer stream and releases the registry connection.
      await counted.return(undefined);
    }
    files = applyChanges(files, removed, added);
  }
  return { files: [...files.values()], warnings, tarBytes };
}

function applyChanges(
  lower: Map<string, CollectedFile>,
  removed: readonly { path: string; opaque: boolean }[],
  added: Map<string, CollectedFile>,
): Map<string, CollectedFile> {
  const result = new Map<string, CollectedFile>();
  for (const [path, file] of lower) {
    const gone = removed.some((change) =>
      change.opaque
        ? change.path === '' || path.startsWith(`${change.path}/`)
        : path === change.path || path.startsWith(`${change.path}/`),
    );
    if (!gone) result.set(path, file);
  }
  for (const [path, file] of added) result.set(path, file);
  return result;
}

async function collect(
  entry: TarEntry,
  layer: string,
  what: string,
  warnings: string[],
): Promise<CollectedFile | undefined> {
  if (entry.type !== 'file' || entry.size === 0) return undefined;
  const kind = metadataKind(entry.path);
  if (kind !== undefined) {
    const bytes = await entry.readBody(MAX_BYTES[kind]);
    if (bytes === undefined) {
      warnings.push(
        `${what}: /${entry.path} is ${entry.size} bytes, over the ${MAX_BYTES[kind]}-byte cap for ${kind}; not read`,
      );
      return undefined;
    }
    return { kind, path: entry.path, layer, bytes };
  }
  if ((entry.mode & 0o111) === 0 || entry.size < 64) return undefined;
  const scanner = new GoBuildInfoScanner();
  let head: Uint8Array | undefined;
  let executable = true;
  await entry.scanBody((piece) => {
    if (!executable) return;
    if (head === undefined) {
      head = piece.slice(0, 4);
      executable = looksExecutable(head);
      if (!executable) return;
    }
    scanner.push(piece);
  });
  const buildInfo = executable ? scanner.result() : undefined;
  return buildInfo === undefined
    ? undefined
    : { kind: 'go-binary', path: entry.path, layer, buildInfo };
}
