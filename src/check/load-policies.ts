/**
 * Reads SecurityPolicy files and folders (`--policy FILE|DIR`, repeatable): every `.yaml`,
 * `.yml` and `.json` file directly inside a folder, in name order; without `--policy`, the
 * default set shipped in deploy/security-policies. Problems of every file are collected.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeError } from '../core/errors.js';
import { MAX_POLICY_TEXT, type PolicyProblem } from '../policy/index.js';
import { parseSecurityPolicyYaml, type SecurityPolicyDocument } from '../policy/security/index.js';
import { checkError } from './errors.js';

/**
 * The default set, shipped with the package (docs/check.md lists it): `deploy/security-policies`
 * in the nearest folder above this module that has one, which holds for the sources
 * (src/check, under tsx) and for the bundle (dist/).
 */
export const DEFAULT_POLICY_DIR = findDefaultPolicyDir();

function findDefaultPolicyDir(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const candidate = new URL('deploy/security-policies/', dir);
    if (existsSync(candidate)) return fileURLToPath(candidate);
    if (dir.pathname === '/')
      return fileURLToPath(new URL('../../deploy/security-policies/', import.meta.url));
  }
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];
/** A policy folder holds tens of files; this only stops mistakes like `--policy /`. */
const MAX_FILES_PER_FOLDER = 1000;

export interface LoadedSecurityPolicies {
  readonly documents: readonly SecurityPolicyDocument[];
  readonly problems: readonly PolicyProblem[];
}

export async function loadSecurityPolicies(
  paths: readonly string[],
): Promise<LoadedSecurityPolicies> {
  const chosen = paths.length === 0 ? [DEFAULT_POLICY_DIR] : paths;
  const files: string[] = [];
  for (const path of chosen) files.push(...(await filesOf(path)));
  const documents: SecurityPolicyDocument[] = [];
  const problems: PolicyProblem[] = [];
  for (const file of files) {
    const parsed = parseSecurityPolicyYaml(await readText(file), file);
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  if (documents.length === 0 && !problems.some((p) => p.severity === 'error'))
    throw checkError(
      'CHECK_POLICIES_EMPTY',
      `no SecurityPolicy document found in ${chosen.join(', ')}; give a file or folder of policies (.yaml, .yml, .json)`,
    );
  return { documents, problems };
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
  const picked = names
    .filter((n) => EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.'))
    .sort();
  if (picked.length > MAX_FILES_PER_FOLDER)
    throw checkError(
      'CHECK_POLICY_UNREADABLE',
      `${path} holds ${picked.length} policy files; at most ${MAX_FILES_PER_FOLDER} are read from one folder`,
    );
  return picked.map((n) => join(path, n));
}

async function readText(file: string): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  if (info.size > MAX_POLICY_TEXT)
    throw checkError(
      'CHECK_POLICY_UNREADABLE',
      `${file} is ${info.size} bytes; a policy file is at most ${MAX_POLICY_TEXT}`,
    );
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(path: string, cause: unknown) {
  return checkError(
    'CHECK_POLICY_UNREADABLE',
    `cannot read policy ${path}: ${describeError(cause)}`,
    { cause },
  );
}
