/**
 * What the API server of a test cluster was asked, read from its audit log: every request
 * is written as one JSON event per line (audit.k8s.io/v1), with the user, the verb and the
 * request URI. Tests use it to check which calls Signet made, under which identity.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** Metadata of every request, written when the response is complete (watches when they start too). */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
`;

export async function writeAuditPolicy(path: string): Promise<void> {
  await writeFile(path, AUDIT_POLICY);
}

export interface AuditedRequest {
  readonly user: string;
  readonly verb: string;
  /** `METHOD /path?query`, the form of an HTTP request line. */
  readonly request: string;
  readonly code: number | undefined;
}

const METHOD_OF_VERB: Readonly<Record<string, string>> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

interface AuditEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string };
  responseStatus?: { code?: number };
}

/** Completed requests (and started watches) in the order the API server logged them. */
export async function readAuditLog(path: string): Promise<AuditedRequest[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const requests: AuditedRequest[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let event: AuditEvent;
    try {
      event = JSON.parse(line) as AuditEvent;
    } catch {
      continue; // a line being written as we read
    }
    // A watch is counted when its stream starts; one refused before starting (403) has
    // only a ResponseComplete event, so it is counted then.
    const watchStarted = event.verb === 'watch' && event.stage === 'ResponseStarted';
    const refusedWatch = event.verb === 'watch' && event.responseStatus?.code !== 200;
    const complete = event.stage === 'ResponseComplete' && (event.verb !== 'watch' || refusedWatch);
    if (!watchStarted && !complete) continue;
    const verb = event.verb ?? '';
    requests.push({
      user: event.user?.username ?? '',
      verb,
      request: `${METHOD_OF_VERB[verb] ?? verb.toUpperCase()} ${event.requestURI ?? ''}`,
      code: event.responseStatus?.code,
    });
  }
  return requests;
}
