/**
 * rpm package headers as rpmdb stores them (rpm's lib/header.c, "header blob"): two
 * big-endian int32 counts (index entries, data bytes), the 16-byte index entries (tag,
 * type, offset, count) and the data store; no lead or magic in the database copy. Only
 * the tags an SBOM needs are read. The blob comes from an image and is untrusted: every
 * offset is checked against the data store's bounds.
 */
import { sbomError } from '../errors.js';

export const RpmTag = {
  Name: 1000,
  Version: 1001,
  Release: 1002,
  Epoch: 1003,
  License: 1014,
  Arch: 1022,
  SourceRpm: 1044,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;
/** rpm's own limits (lib/header.c hdrchkTags, hdrchkData). */
const MAX_INDEX_ENTRIES = 0x10000;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

export interface RpmHeader {
  name?: string;
  version?: string;
  release?: string;
  epoch?: number;
  license?: string;
  arch?: string;
  sourceRpm?: string;
}

export function parseRpmHeaderBlob(blob: Uint8Array, what: string): RpmHeader {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const fail = (reason: string) =>
    sbomError('SBOM_LAYER_INVALID', `${what} holds an rpm header that cannot be read: ${reason}`);
  if (blob.byteLength < 8) throw fail('it is shorter than its counts');
  const entries = view.getUint32(0);
  const dataLength = view.getUint32(4);
  if (entries > MAX_INDEX_ENTRIES || dataLength > MAX_DATA_BYTES)
    throw fail('its counts exceed rpm limits');
  const dataStart = 8 + entries * 16;
  if (dataStart + dataLength > blob.byteLength) throw fail('it is truncated');
  const data = blob.subarray(dataStart, dataStart + dataLength);
  const header: RpmHeader = {};
  for (let i = 0; i < entries; i++) {
    const at = 8 + i * 16;
    const tag = view.getUint32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getUint32(at + 8);
    if (offset >= data.byteLength && tag !== 63) continue;
    const readString = (): string | undefined => {
      if (type !== TYPE_STRING && type !== TYPE_STRING_ARRAY && type !== TYPE_I18NSTRING)
        return undefined;
      const end = data.indexOf(0, offset);
      if (end < 0) throw fail(`tag ${tag} runs past the data store`);
      return new TextDecoder().decode(data.subarray(offset, end));
    };
    switch (tag) {
      case RpmTag.Name:
        header.name = readString();
        break;
      case RpmTag.Version:
        header.version = readString();
        break;
      case RpmTag.Release:
        header.release = readString();
        break;
      case RpmTag.License:
        header.license = readString();
        break;
      case RpmTag.Arch:
        header.arch = readString();
        break;
      case RpmTag.SourceRpm:
        header.sourceRpm = readString();
        break;
      case RpmTag.Epoch:
        if (type === TYPE_INT32 && offset + 4 <= data.byteLength) {
          header.epoch = new DataView(data.buffer, data.byteOffset + offset, 4).getInt32(0);
        }
        break;
      default:
        break;
    }
  }
  return header;
}
