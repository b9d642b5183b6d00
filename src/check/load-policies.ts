/**
 * Reads SecurityPolicy files and folders (`--policy FILE|DIR`, repeatable): every `.yaml`,
 * `.yml` and `.json` file directly inside a folder, in name order; without `--policy`, the
 * default set shipped in deploy/security-policies. Problems of every file are collected.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPolicyFiles } from '../config/policy-files.js';
import type { PolicyProblem } from '../policy/index.js';
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

export interface LoadedSecurityPolicies {
  readonly documents: readonly SecurityPolicyDocument[];
  readonly problems: readonly PolicyProblem[];
}

export async function loadSecurityPolicies(
  paths: readonly string[],
): Promise<LoadedSecurityPolicies> {
  const chosen = paths.length === 0 ? [DEFAULT_POLICY_DIR] : paths;
  const texts = await readPolicyFiles(chosen, (message, cause) =>
    checkError('CHECK_POLICY_UNREADABLE', message, { cause }),
  );
  const documents: SecurityPolicyDocument[] = [];
  const problems: PolicyProblem[] = [];
  for (const { file, text } of texts) {
    const parsed = parseSecurityPolicyYaml(text, file);
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
