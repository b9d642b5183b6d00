/**
 * The one reader of policy files and folders (`--policy FILE|DIR`), shared by the
 * ClusterImagePolicy loader (webhook, `signet policy`) and the SecurityPolicy loader
 * (`signet check`): every `.yaml`, `.yml` and `.json` file directly inside a folder, in
 * name order so that messages and revisions do not depend on the file system's listing
 * order; each file bounded by MAX_POLICY_TEXT. The caller names the error, so each command
 * keeps its own stable code.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { describeError } from '../core/errors.js';
import { MAX_POLICY_TEXT } from '../policy/index.js';

const POLICY_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Files read from one folder; a policy folder holds tens of files, this only stops mistakes like `--policy /`. */
const MAX_FILES_PER_FOLDER = 1000;

export interface PolicyFileText {
  readonly file: string;
  readonly text: string;
}

/** Builds the caller's "unreadable policy" error; `cause` is set when a system call failed. */
export type PolicyFileError = (message: string, cause?: unknown) => Error;

export async function readPolicyFiles(
  paths: readonly string[],
  unreadable: PolicyFileError,
): Promise<PolicyFileText[]> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await filesOf(path, unreadable)));
  const texts: PolicyFileText[] = [];
  for (const file of files) texts.push({ file, text: await readText(file, unreadable) });
  return texts;
}

async function filesOf(path: string, unreadable: PolicyFileError): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw cannotRead(path, error, unreadable);
  }
  if (!info.isDirectory()) return [path];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    throw cannotRead(path, error, unreadable);
  }
  const chosen = names
    .filter((n) => POLICY_EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.'))
    .sort();
  if (chosen.length > MAX_FILES_PER_FOLDER)
    throw unreadable(
      `${path} holds ${chosen.length} policy files; at most ${MAX_FILES_PER_FOLDER} are read from one folder`,
    );
  return chosen.map((n) => join(path, n));
}

async function readText(file: string, unreadable: PolicyFileError): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw cannotRead(file, error, unreadable);
  }
  if (info.size > MAX_POLICY_TEXT)
    throw unreadable(`${file} is ${info.size} bytes; a policy file is at most ${MAX_POLICY_TEXT}`);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, error, unreadable);
  }
}

function cannotRead(path: string, cause: unknown, unreadable: PolicyFileError): Error {
  return unreadable(`cannot read policy ${path}: ${describeError(cause)}`, cause);
}
