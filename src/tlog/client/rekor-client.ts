/**
 * A client of the Rekor v1 REST API (sigstore/rekor openapi.yaml; reference section 1.1),
 * spoken by Signet's own log and by Rekor: create entries (a 409 answers with the entry
 * already in the log), read them by index or UUID, retrieve several, search the index,
 * read the log info, consistency proofs and the log's public key. Answers are shape-checked
 * here and verified by the caller against a trusted log key.
 */
import { MAX_PROPOSED_ENTRY_BYTES } from '../entry/index.js';
import { redactUrl } from '../../oci/transport/index.js';
import { tlogClientError } from './errors.js';
import { LogHttp, type LogHttpOptions, type LogResponse } from './log-http.js';
import {
  parseConsistencyProof,
  parseEntryIdList,
  parseEntryList,
  parseEntryMap,
  parseJson,
  parseLogInfo,
  type ConsistencyProofJson,
  type LogInfo,
  type RekorEntry,
} from './responses.js';
import { parseLogUrl } from './log-url.js';

/** One entry's answer: its body (up to 4 MiB) in base64 plus proof and checkpoint. */
const MAX_ENTRY_RESPONSE_BYTES = Math.ceil((MAX_PROPOSED_ENTRY_BYTES * 4) / 3) + 256 * 1024;
/** retrieve names at most 10 entries (Rekor maxSearchQueries). */
const MAX_RETRIEVE_RESPONSE_BYTES = 10 * MAX_ENTRY_RESPONSE_BYTES;
/** An index search: Signet's log answers at most 1000 entry IDs of 82 bytes each. */
const MAX_SEARCH_RESPONSE_BYTES = 1024 * 1024;
/** Log info, consistency proofs (about 60 hashes at most) and PEM keys are small. */
const MAX_SMALL_RESPONSE_BYTES = 64 * 1024;

const ENTRIES = '/api/v1/log/entries';

export type RekorClientOptions = LogHttpOptions;

export interface CreatedEntry extends RekorEntry {
  /** False when the log already held this entry (409) and returned the existing one. */
  readonly created: boolean;
}

export interface IndexQuery {
  /** `sha256:<hex>` (or sha384/sha512/sha1). */
  readonly hash?: string;
  /** A PEM public key or certificate. */
  readonly publicKeyPem?: string;
  readonly operator?: 'and' | 'or';
}

export interface RetrieveQuery {
  readonly entryUUIDs?: readonly string[];
  readonly logIndexes?: readonly number[];
  readonly entries?: readonly unknown[];
}

export class RekorClient {
  private readonly http: LogHttp;
  /** The base URL, credentials-free (parseLogUrl refuses user-info). */
  readonly url: string;

  constructor(url: string, options: RekorClientOptions = {}) {
    const parsed = parseLogUrl(url);
    this.url = parsed.toString().replace(/\/$/, '');
    this.http = new LogHttp(parsed, options);
  }

  /** POST /api/v1/log/entries; a 409 is followed to the existing entry. */
  async createEntry(proposal: unknown): Promise<CreatedEntry> {
    const what = 'the new entry';
    const response = await this.http.send(
      'POST',
      ENTRIES,
      what,
      MAX_ENTRY_RESPONSE_BYTES,
      proposal,
    );
    if (response.status === 409) {
      const location = response.headers.location;
      const id = typeof location === 'string' ? location.split('/').pop() : undefined;
      if (id === undefined || id === '')
        throw this.protocol(what, 'a 409 answer without a Location header');
      return { ...(await this.getEntryByUuid(id)), created: false };
    }
    this.expect(response, 201, what);
    return { ...parseEntryMap(parseJson(response.bytes, what), what), created: true };
  }

  async getEntryByIndex(logIndex: number): Promise<RekorEntry> {
    const what = `entry ${logIndex}`;
    const response = await this.http.send(
      'GET',
      `${ENTRIES}?logIndex=${logIndex}`,
      what,
      MAX_ENTRY_RESPONSE_BYTES,
    );
    this.expect(response, 200, what);
    return parseEntryMap(parseJson(response.bytes, what), what);
  }

  /** By 64-hex UUID or 80-hex entry ID. */
  async getEntryByUuid(uuid: string): Promise<RekorEntry> {
    if (!/^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$/.test(uuid))
      throw tlogClientError(
        'TLOG_CLIENT_REQUEST_REJECTED',
        'an entry is named by its 64-hex UUID or its 80-hex entry ID',
      );
    const what = `entry ${uuid.toLowerCase()}`;
    const response = await this.http.send(
      'GET',
      `${ENTRIES}/${uuid.toLowerCase()}`,
      what,
      MAX_ENTRY_RESPONSE_BYTES,
    );
    this.expect(response, 200, what);
    return parseEntryMap(parseJson(response.bytes, what), what);
  }

  /** POST /api/v1/log/entries/retrieve: at most 10 names in all; missing ones are omitted. */
  async retrieveEntries(query: RetrieveQuery): Promise<RekorEntry[]> {
    const what = 'an entry retrieval';
    const response = await this.http.send(
      'POST',
      `${ENTRIES}/retrieve`,
      what,
      MAX_RETRIEVE_RESPONSE_BYTES,
      query,
    );
    this.expect(response, 200, what);
    return parseEntryList(parseJson(response.bytes, what), what);
  }

  /** POST /api/v1/index/retrieve: entry IDs indexed under a digest and/or an x509 key. */
  async searchIndex(query: IndexQuery): Promise<string[]> {
    const what = 'an index search';
    const body = {
      ...(query.hash === undefined ? {} : { hash: query.hash }),
      ...(query.publicKeyPem === undefined
        ? {}
        : {
            publicKey: {
              format: 'x509',
              content: Buffer.from(query.publicKeyPem, 'utf8').toString('base64'),
            },
          }),
      ...(query.operator === undefined ? {} : { operator: query.operator }),
    };
    const response = await this.http.send(
      'POST',
      '/api/v1/index/retrieve',
      what,
      MAX_SEARCH_RESPONSE_BYTES,
      body,
    );
    this.expect(response, 200, what);
    return parseEntryIdList(parseJson(response.bytes, what), what);
  }

  async logInfo(): Promise<LogInfo> {
    const what = 'the log info request';
    const response = await this.http.send('GET', '/api/v1/log', what, MAX_SMALL_RESPONSE_BYTES);
    this.expect(response, 200, what);
    return parseLogInfo(parseJson(response.bytes, what), what);
  }

  /** GET /api/v1/log/proof?firstSize&lastSize. */
  async consistencyProof(firstSize: number, lastSize: number): Promise<ConsistencyProofJson> {
    const what = `the consistency proof from size ${firstSize} to ${lastSize}`;
    const response = await this.http.send(
      'GET',
      `/api/v1/log/proof?firstSize=${firstSize}&lastSize=${lastSize}`,
      what,
      MAX_SMALL_RESPONSE_BYTES,
    );
    this.expect(response, 200, what);
    return parseConsistencyProof(parseJson(response.bytes, what), what);
  }

  /** The log's public key PEM, unverified: compare its fingerprint with a trusted one. */
  async publicKeyPem(): Promise<string> {
    const what = 'the public key request';
    const response = await this.http.send(
      'GET',
      '/api/v1/log/publicKey',
      what,
      MAX_SMALL_RESPONSE_BYTES,
    );
    this.expect(response, 200, what);
    return new TextDecoder().decode(response.bytes);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private expect(response: LogResponse, status: number, what: string): void {
    if (response.status === status) return;
    const message = new TextDecoder().decode(response.bytes);
    const said = message === '' ? '' : `: ${message}`;
    if (response.status === 404)
      throw tlogClientError(
        'TLOG_CLIENT_NOT_FOUND',
        `the transparency log at ${redactUrl(this.url)} has no ${what}${said}`,
        { details: { status: 404 } },
      );
    if (response.status === 401 || response.status === 403)
      throw tlogClientError(
        'TLOG_CLIENT_UNAUTHORIZED',
        `the transparency log at ${redactUrl(this.url)} refused ${what} without valid credentials (${response.status})${said}; give a write token or a client certificate the log accepts`,
        { details: { status: response.status } },
      );
    if ([400, 413, 422].includes(response.status))
      throw tlogClientError(
        'TLOG_CLIENT_REQUEST_REJECTED',
        `the transparency log at ${redactUrl(this.url)} refused ${what} (${response.status})${said}`,
        { details: { status: response.status } },
      );
    throw this.protocol(what, `unexpected status ${response.status}${said}`);
  }

  private protocol(what: string, problem: string): Error {
    return tlogClientError(
      'TLOG_CLIENT_PROTOCOL',
      `the transparency log at ${redactUrl(this.url)} answered ${what} with ${problem}`,
    );
  }
}
