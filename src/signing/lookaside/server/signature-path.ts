/**
 * The paths the server answers, in the lookaside layout: `/<repository path>@<algorithm>=<hex>/signature-<N>`.
 * The path is attacker-controlled: the repository must be docker's grammar (no `..`, no
 * upper case, no empty component), so it can never leave the storage folder.
 */
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from '../../../core/digest.js';
import { MAX_LOOKASIDE_SIGNATURES, isRepositoryPath } from '../index.js';

export interface SignaturePath {
  readonly repository: string;
  readonly digest: string;
  readonly index: number;
}

const PATTERN = /^\/(.+)@([a-z0-9]+)=([a-f0-9]+)\/signature-([1-9][0-9]{0,5})$/;

/** The signature a request path names, or undefined when it names none. */
export function parseSignaturePath(pathname: string): SignaturePath | undefined {
  // Static servers and Go's URL joining may double a slash; treat it as one.
  const match = PATTERN.exec(pathname.replace(/\/{2,}/g, '/'));
  if (match === null) return undefined;
  const [, repository, algorithm, hex, index] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!isRepositoryPath(repository)) return undefined;
  if (
    !(algorithm in DIGEST_ALGORITHMS) ||
    hex.length !== DIGEST_ALGORITHMS[algorithm as DigestAlgorithm]
  )
    return undefined;
  const n = Number(index);
  // Readers never ask past MAX + 1; the answer there is always 404.
  if (n > MAX_LOOKASIDE_SIGNATURES + 1) return undefined;
  return { repository, digest: `${algorithm}:${hex}`, index: n };
}

/** The folder of one digest, relative to the storage root (same layout as a file:// store). */
export function digestFolder(repository: string, digest: string): string {
  return `${repository}@${digest.replace(':', '=')}`;
}
