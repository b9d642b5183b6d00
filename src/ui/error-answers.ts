/**
 * Errors as the API answers them: `{code, message, field?}` with the status of the code
 * (errors.ts). A query the store refuses is the client's mistake (400); fastify's own
 * refusals (unsupported media type, body too large) keep their 4xx status; anything else
 * is logged and answered 500 without detail.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isSignetError } from '../core/errors.js';
import { UI_HTTP_STATUS, type UiErrorCode } from './errors.js';

const cut = (text: string) => (text.length > 1024 ? `${text.slice(0, 1021)}...` : text);

export function answerError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
) {
  if (isSignetError(error)) {
    const status =
      error.code === 'RECORDS_QUERY_INVALID' ? 400 : UI_HTTP_STATUS[error.code as UiErrorCode];
    if (status !== undefined) {
      const field = (error.details as { field?: unknown } | undefined)?.field;
      return reply.code(status).send({
        code: status === 400 ? 'UI_REQUEST_INVALID' : error.code,
        message: cut(error.message),
        ...(typeof field === 'string' ? { field } : {}),
      });
    }
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return reply.code(status).send({
      code: 'UI_REQUEST_INVALID',
      message: cut(`malformed request: ${(error as Error).message}`),
    });
  }
  logger.error(
    {
      url: request.url.slice(0, 256),
      err: cut(error instanceof Error ? error.message : String(error)),
    },
    'request failed',
  );
  return reply.code(500).send({ code: 'UI_INTERNAL', message: 'the server failed; see its log' });
}
