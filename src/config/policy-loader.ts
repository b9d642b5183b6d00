/**
 * Loads ClusterImagePolicy documents (and the TrustRoots beside them) from files and folders (`--policy FILE|DIR`): every
 * `.yaml`, `.yml` and `.json` file directly inside a folder, in name order so that
 * messages and revisions do not depend on the file system's listing order. Problems of
 * every file are collected, not just the first file's.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { describeError } from '../core/errors.js';
import {
  MAX_POLICY_TEXT,
  parsePolicyYaml,
  type PolicyDocument,
  type PolicyProblem,
  type TrustRootDocument,
} from '../policy/index.js';
import { configError } from './errors.js';

const POLICY_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Files read from one folder; a policy folder holds tens of files, this only stops mistakes like `--policy /`. */
const MAX_FILES_PER_FOLDER = 1000;

export interface LoadedPolicies {
  readonly files: readonly string[];
  readonly documents: readonly PolicyDocument[];
  /** TrustRoots found beside the policies (`kind: TrustRoot`), for compilePolicies. */
  readonly trustRoots: readonly TrustRootDocument[];
  readonly problems: readonly PolicyProblem[];
}

export async function loadPolicyFiles(paths: readonly string[]): Promise<LoadedPolicies> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await filesOf(path)));
  const documents: PolicyDocument[] = [];
  const trustRoots: TrustRootDocument[] = [];
  const problems: PolicyProblem[] = [];
  for (const file of files) {
    const parsed = parsePolicyYaml(await readText(file), file);
    documents.push(...parsed.documents);
    trustRoots.push(...parsed.trustRoots);
    problems.push(...parsed.problems);
  }
  if (documents.length === 0 && !problems.some((p) => p.severity === 'error')) {
    throw configError(
      'POLICY_FILES_EMPTY',
      `no ClusterImagePolicy document found in ${paths.join(', ')}; give a file or folder of policies (.yaml, .yml, .json)`,
    );
  }
  return { files, documents, trustRoots, problems };
}

async function filesOf(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (!info.isDirectory()) return [path];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  const chosen = names
    .filter((n) => POLICY_EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.'))
    .sort();
  if (chosen.length > MAX_FILES_PER_FOLDER) {
    throw configError(
      'POLICY_FILE_UNREADABLE',
      `${path} holds ${chosen.length} policy files; at most ${MAX_FILES_PER_FOLDER} are read from one folder`,
    );
  }
  return chosen.map((n) => join(path, n));
}

async function readText(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (info.size > MAX_POLICY_TEXT) {
      throw configError(
        'POLICY_FILE_UNREADABLE',
        `${file} is ${info.size} bytes; a policy file may have at most ${MAX_POLICY_TEXT}`,
      );
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'POLICY_FILE_UNREADABLE')
      throw error;
    throw unreadable(file, error);
  }
}

function unreadable(path: string, error: unknown) {
  return configError(
    'POLICY_FILE_UNREADABLE',
    `cannot read policy ${path}: ${describeError(error)}`,
    { cause: error },
  );
}
