/**
 * Loads ClusterImagePolicy documents (and the TrustRoots beside them) from files and folders (`--policy FILE|DIR`): every
 * `.yaml`, `.yml` and `.json` file directly inside a folder, in name order so that
 * messages and revisions do not depend on the file system's listing order. Problems of
 * every file are collected, not just the first file's.
 */
import {
  parsePolicyYaml,
  type PolicyDocument,
  type PolicyProblem,
  type TrustRootDocument,
} from '../policy/index.js';
import { configError } from './errors.js';
import { readPolicyFiles } from './policy-files.js';

export interface LoadedPolicies {
  readonly files: readonly string[];
  readonly documents: readonly PolicyDocument[];
  /** TrustRoots found beside the policies (`kind: TrustRoot`), for compilePolicies. */
  readonly trustRoots: readonly TrustRootDocument[];
  readonly problems: readonly PolicyProblem[];
}

export async function loadPolicyFiles(paths: readonly string[]): Promise<LoadedPolicies> {
  const texts = await readPolicyFiles(paths, (message, cause) =>
    configError('POLICY_FILE_UNREADABLE', message, { cause }),
  );
  const files = texts.map((t) => t.file);
  const documents: PolicyDocument[] = [];
  const trustRoots: TrustRootDocument[] = [];
  const problems: PolicyProblem[] = [];
  for (const { file, text } of texts) {
    const parsed = parsePolicyYaml(text, file);
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
