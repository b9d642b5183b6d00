/**
 * The signature server's request handling. Reading is open (GET/HEAD in the lookaside
 * layout, what containers/image and `signet gpg verify` fetch); writing needs a bearer
 * token: `POST /upload` (JSON, the server picks the next N) or `PUT <layout path>` (raw
 * bytes at exactly that N). Every upload is checked as a simple signature for the digest
 * in its path and stored without ever overwriting (file-store.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describeError } from '../../../core/errors.js';
import type { PublicKeys } from '../../gpg/index.js';
import {
  MAX_LOOKASIDE_SIGNATURES,
  placeSignatureFile,
  readSignatureFile,
  type PlaceSignature,
} from '../index.js';
import { HttpProblem, sendJson, sendProblem } from './http-problem.js';
import { readRequestBody } from './request-body.js';
import { digestFolder, parseSignaturePath, requestPath } from './signature-path.js';
import type { TokenChecker } from './tokens.js';
import { checkUploadedSignature } from './upload-check.js';
import { parseUploadRequest } from './upload-request.js';

export interface HandlerOptions {
  readonly storage: string;
  readonly tokens: TokenChecker;
  readonly keyring?: PublicKeys;
  readonly maxBodyBytes: number;
  readonly now?: () => Date;
  /** One line per accepted upload or failure; never carries tokens or signature bytes. */
  readonly log?: (line: string) => void;
}

export function createLookasideHandler(options: HandlerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, options).catch((error: unknown) => {
      // A body refused unread (too large, unauthorized) is not drained: the connection
      // closes after the answer, so a client cannot make the server swallow gigabytes.
      if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
      if (error instanceof HttpProblem) return sendProblem(res, error);
      options.log?.(`internal error: ${describeError(error)}`);
      if (!res.headersSent)
        sendProblem(res, new HttpProblem('INTERNAL', 'the server failed; see its log'));
      else res.destroy();
    });
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: HandlerOptions,
): Promise<void> {
  // Decided on the raw path: never through a URL parser, which resolves `..`, `%2e`, `\`
  // and `//host` and would let one path stand for another (signature-path.ts).
  const pathname = requestPath(req.url) ?? '';
  const method = req.method ?? 'GET';
  if (pathname === '/upload') {
    if (method !== 'POST')
      throw new HttpProblem('METHOD_NOT_ALLOWED', 'use POST for /upload; allowed: POST');
    authorize(req, options);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpProblem(
        'UNSUPPORTED_MEDIA_TYPE',
        'send the upload as Content-Type: application/json',
      );
    }
    // base64 makes the signature a third larger; the JSON around it is small.
    const upload = parseUploadRequest(
      await readRequestBody(req, Math.ceil((options.maxBodyBytes * 4) / 3) + 4096),
    );
    if (upload.signature.byteLength > options.maxBodyBytes) {
      throw new HttpProblem(
        'BODY_TOO_LARGE',
        `the signature is larger than ${options.maxBodyBytes} bytes`,
      );
    }
    return store(res, options, upload.repository, upload.digest, upload.signature, {
      kind: 'next-free',
    });
  }
  const target = parseSignaturePath(pathname);
  if (target === undefined)
    throw new HttpProblem(
      'NOT_FOUND',
      'no such signature; paths are /<repository>@sha256=<hex>/signature-<N>',
    );
  const folder = join(options.storage, digestFolder(target.repository, target.digest));
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const bytes = await readSignatureFile(folder, target.index);
      if (bytes === undefined)
        throw new HttpProblem('NOT_FOUND', `signature-${target.index} does not exist`);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': bytes.byteLength,
      });
      res.end(method === 'GET' ? bytes : undefined);
      return;
    }
    case 'PUT': {
      authorize(req, options);
      const bytes = await readRequestBody(req, options.maxBodyBytes);
      return store(res, options, target.repository, target.digest, bytes, {
        kind: 'exact',
        index: target.index,
      });
    }
    default:
      throw new HttpProblem(
        'METHOD_NOT_ALLOWED',
        `${method} is not supported here; allowed: GET, HEAD, PUT`,
      );
  }
}

function authorize(req: IncomingMessage, options: HandlerOptions): void {
  if (!options.tokens.accepts(req.headers.authorization)) {
    throw new HttpProblem(
      'UNAUTHORIZED',
      'uploading needs "Authorization: Bearer <token>" with a token from the server\'s token file',
    );
  }
}

async function store(
  res: ServerResponse,
  options: HandlerOptions,
  repository: string,
  digest: string,
  signature: Uint8Array,
  where: PlaceSignature,
): Promise<void> {
  if (signature.byteLength === 0)
    throw new HttpProblem('SIGNATURE_INVALID', 'the signature is empty');
  const check = await checkUploadedSignature(
    signature,
    digest,
    options.keyring,
    (options.now ?? (() => new Date()))(),
  );
  if (!check.ok) throw new HttpProblem(check.code, check.message);
  const folderName = digestFolder(repository, digest);
  const placed = await placeSignatureFile(join(options.storage, folderName), signature, where);
  switch (placed.kind) {
    case 'written': {
      const path = `/${folderName}/signature-${placed.index}`;
      options.log?.(
        `stored ${path} (identity ${check.payload.dockerReference}${check.signer === undefined ? '' : `, signer ${check.signer}`})`,
      );
      return sendJson(res, 201, { index: placed.index, path }, { location: path });
    }
    case 'taken':
      throw new HttpProblem(
        'SIGNATURE_EXISTS',
        `signature-${placed.index} already exists; signatures are never overwritten (POST /upload picks the next free number)`,
      );
    case 'gap':
      throw new HttpProblem(
        'SIGNATURE_GAP',
        `signature-${placed.index - 1} does not exist; readers stop at the first missing number, so upload signature-N in order`,
      );
    case 'full':
      throw new HttpProblem(
        'STORE_FULL',
        `this digest already has ${MAX_LOOKASIDE_SIGNATURES} signatures, the most containers/image reads`,
      );
  }
}
