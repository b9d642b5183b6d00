/**
 * Loads a containers policy.json (`--policy FILE`) and the key files its requirements
 * name, once. Key paths are used as written: containers/image opens relative paths from
 * the working directory, so Signet does too (absolute paths are recommended).
 */
import { open } from 'node:fs/promises';
import { describeError, errorFactory } from '../core/errors.js';
import { MAX_KEYRING_BYTES } from '../signing/gpg/index.js';
import {
  MAX_POLICY_JSON_BYTES,
  POLICY_JSON_ERRORS,
  compilePolicyJson,
  parsePolicyJson,
  type CompiledPolicyJson,
} from '../signing/policy-json/index.js';

const fail = errorFactory(POLICY_JSON_ERRORS);

export interface LoadedPolicyJson {
  readonly path: string;
  readonly policy: CompiledPolicyJson;
}

export async function loadPolicyJson(path: string): Promise<LoadedPolicyJson> {
  let text: string;
  try {
    text = new TextDecoder().decode(await readBounded(path, MAX_POLICY_JSON_BYTES));
  } catch (error) {
    throw fail('POLICY_JSON_UNREADABLE', `cannot read policy ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
  const parsed = parsePolicyJson(text, path);
  const policy = await compilePolicyJson(parsed, {
    readKeyFile: (keyPath) => readBounded(keyPath, MAX_KEYRING_BYTES),
  });
  return { path, policy };
}

/** Reads a whole file, refusing one larger than `limit` before reading it. */
async function readBounded(path: string, limit: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new Error(`${path} has ${size} bytes, more than ${limit}`);
    const bytes = new Uint8Array(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
