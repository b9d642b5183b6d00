/**
 * `--send URL --token FILE`: records a check report in a Signet server by POSTing it to
 * `<URL>/api/v1/check-results` with a bearer token. The server answers 201 with the record's
 * id; any other answer is an error naming the status and the server's message. The token
 * never appears in messages.
 */
import { checkError } from './errors.js';

/** A report POST should take well under a second; a minute is a server in trouble. */
const SEND_TIMEOUT_MS = 60_000;
/** The server's answer is a small JSON object; more is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

export async function sendReport(baseUrl: string, token: string, report: unknown): Promise<string> {
  let url: URL;
  try {
    url = new URL('api/v1/check-results', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    throw checkError('CHECK_SEND_FAILED', `--send ${baseUrl} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw checkError('CHECK_SEND_FAILED', `--send ${baseUrl} must be an http or https URL`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw checkError(
      'CHECK_SEND_FAILED',
      `could not send the report to ${url.origin}: ${causeOf(error)}`,
      {
        temporary: true,
        cause: error,
      },
    );
  }
  const text = (await response.text()).slice(0, MAX_ANSWER_BYTES);
  if (response.status !== 201) {
    throw checkError(
      'CHECK_SEND_FAILED',
      `${url.origin} refused the report with HTTP ${response.status}: ${text.slice(0, 300) || response.statusText}`,
      { temporary: response.status >= 500, details: { status: response.status } },
    );
  }
  try {
    const answer = JSON.parse(text) as { id?: unknown };
    if (typeof answer.id === 'string') return answer.id;
  } catch {
    // Reported below.
  }
  throw checkError(
    'CHECK_SEND_FAILED',
    `${url.origin} accepted the report but answered without a record id`,
  );
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  const message = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
  return String(message);
}
