/**
 * Reads a log entry URL as Rekor serves entries and as Tekton Chains writes it into a run's
 * `chains.tekton.dev/transparency` annotation: `<log>/api/v1/log/entries/<uuid or entry ID>`
 * or `<log>/api/v1/log/entries?logIndex=N`. `signet tlog get URL` splits it into the log and
 * the entry so that a promotion step can fetch and check exactly what the run recorded.
 */
import { cliError } from '../errors.js';

export type EntryLocation =
  | { readonly logUrl: string; readonly kind: 'uuid'; readonly uuid: string }
  | { readonly logUrl: string; readonly kind: 'index'; readonly logIndex: string };

const ENTRIES_PATH = '/api/v1/log/entries';

export function parseEntryUrl(text: string): EntryLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw cliError('CLI_USAGE', `log entry URL "${text}" is not a URL`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw cliError('CLI_USAGE', `log entry URL "${text}" must be http or https`);
  const at = url.pathname.indexOf(ENTRIES_PATH);
  if (at < 0)
    throw cliError(
      'CLI_USAGE',
      `log entry URL "${text}" has no ${ENTRIES_PATH} path; give <log>${ENTRIES_PATH}/<uuid> or <log>${ENTRIES_PATH}?logIndex=N`,
    );
  const logUrl = `${url.origin}${url.pathname.slice(0, at)}`;
  const rest = url.pathname.slice(at + ENTRIES_PATH.length);
  const logIndex = url.searchParams.get('logIndex');
  if (rest === '' || rest === '/') {
    if (logIndex === null || !/^\d+$/.test(logIndex))
      throw cliError(
        'CLI_USAGE',
        `log entry URL "${text}" names no entry (?logIndex=N or /<uuid>)`,
      );
    return { logUrl, kind: 'index', logIndex };
  }
  const uuid = rest.slice(1);
  if (!/^([0-9a-f]{16})?[0-9a-f]{64}$/.test(uuid))
    throw cliError(
      'CLI_USAGE',
      `log entry URL "${text}": "${uuid}" is not a 64-hex UUID or an 80-hex entry ID`,
    );
  return { logUrl, kind: 'uuid', uuid };
}
