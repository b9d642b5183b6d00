/**
 * The paths the server answers, in the lookaside layout: `/<repository path>@<algorithm>=<hex>/signature-<N>`.
 * The path is attacker-controlled and is judged as sent, never decoded or normalised: a URL
 * parser turns `/x/../team/app`, `/x/%2e%2e/team/app`, `/x\..\team/app` and `//x/team/app`
 * into `/team/app`, so a signature PUT under one name would land under another. Only the
 * canonical spelling is answered: the repository must be docker's grammar (lower case,
 * no `.` or `..` component, no empty component, no `%` or `\`), so it can never leave the
 * storage folder or alias another repository.
 */
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from '../../../core/digest.js';
import { MAX_LOOKASIDE_SIGNATURES, isRepositoryPath } from '../index.js';

export interface SignaturePath {
  readonly repository: string;
  readonly digest: string;
  readonly index: number;
}

const PATTERN = /^\/(.+)@([a-z0-9]+)=([a-f0-9]+)\/signature-([1-9][0-9]{0,5})$/;

/**
 * The path of a raw request target (`req.url`), query dropped; undefined for anything but
 * origin-form (`/…`): an absolute-form target (`http://host/…`) or `*` names no signature.
 */
export function requestPath(rawTarget: string | undefined): string | undefined {
  const target = rawTarget ?? '';
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  return path.startsWith('/') ? path : undefined;
}

/** The signature a raw request path names, or undefined when it names none. */
export function parseSignaturePath(pathname: string): SignaturePath | undefined {
  const match = PATTERN.exec(pathname);
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
