/**
 * The base URL of a transparency log (`--tlog-url`, SIGNET_TLOG_URL). Everything the log
 * returns is verified against its public key, so plain http does not weaken trust; it
 * only exposes what is being logged, which is public by design. Credentials in the URL
 * are refused: they would end up in messages and process listings.
 */
import { tlogClientError } from './errors.js';

export function parseLogUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw tlogClientError(
      'TLOG_CLIENT_URL_INVALID',
      'the transparency-log URL is not a URL; give http(s)://host[:port][/path]',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw tlogClientError(
      'TLOG_CLIENT_URL_INVALID',
      `the transparency-log URL must be http or https, got ${url.protocol.replace(/:$/, '')}`,
    );
  if (url.username !== '' || url.password !== '')
    throw tlogClientError(
      'TLOG_CLIENT_URL_INVALID',
      'the transparency-log URL must not contain credentials',
    );
  if (url.search !== '' || url.hash !== '')
    throw tlogClientError(
      'TLOG_CLIENT_URL_INVALID',
      'the transparency-log URL must not have a query or fragment',
    );
  return url;
}
