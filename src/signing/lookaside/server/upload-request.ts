/**
 * The body of `POST /upload`: a JSON object with exactly `repoName`, `layerId` and
 * `signatureData`, each standard base64 (of the repository path, the manifest digest and
 * the signature bytes). Attacker-controlled; every problem is a 400 with its reason.
 */
import { decodeBase64 } from '../../../core/base64.js';
import { isDigest } from '../../../core/digest.js';
import { isSignetError } from '../../../core/errors.js';
import { isRepositoryPath } from '../index.js';
import { HttpProblem } from './http-problem.js';

export interface UploadRequest {
  readonly repository: string;
  readonly digest: string;
  readonly signature: Uint8Array;
}

const FIELDS = ['repoName', 'layerId', 'signatureData'] as const;

export function parseUploadRequest(body: Uint8Array): UploadRequest {
  const malformed = (problem: string) => new HttpProblem('MALFORMED_REQUEST', problem);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw malformed(
      'the body is not JSON; send {"repoName","layerId","signatureData"}, each base64',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('the body must be a JSON object with repoName, layerId and signatureData');
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw malformed(
      `unknown field(s) ${unknown
        .slice(0, 5)
        .map((k) => JSON.stringify(k.slice(0, 40)))
        .join(', ')}`,
    );
  const decoded = FIELDS.map((field) => {
    const text = record[field];
    if (typeof text !== 'string' || text === '')
      throw malformed(`${field} must be a non-empty base64 string`);
    try {
      return decodeBase64(text, field);
    } catch (error) {
      if (isSignetError(error)) throw malformed(`${field} is not valid base64`);
      throw error;
    }
  });
  const text = (bytes: Uint8Array, field: string) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw malformed(`${field} does not decode to UTF-8 text`);
    }
  };
  const repository = text(decoded[0]!, 'repoName');
  const digest = text(decoded[1]!, 'layerId');
  if (!isRepositoryPath(repository)) {
    throw malformed(
      `repoName must be a repository path such as "team/app" (no registry host), got ${JSON.stringify(repository.slice(0, 100))}`,
    );
  }
  if (!isDigest(digest))
    throw malformed(
      `layerId must be the manifest digest (sha256:<hex>), got ${JSON.stringify(digest.slice(0, 100))}`,
    );
  return { repository, digest, signature: decoded[2]! };
}
