// Shared set-up of the API and dashboard end-to-end tests: a Signet server on an
// in-memory SQLite store with one token per role, a CI report as the check contract
// writes it, and an OpenAPI check of every answer.
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { openDecisionStore, type DecisionStore } from '../../src/records/index.js';
import { OPENAPI_DOCUMENT } from '../../src/ui/openapi/document.js';
import { checkSchema, type Schema } from '../../src/ui/openapi/schema-check.js';
import { SCHEMAS } from '../../src/ui/openapi/schemas.js';
import {
  startSignetServer,
  type SignetServerOptions,
  type SignetServer,
} from '../../src/ui/server.js';
import { parseRoleTokens } from '../../src/ui/tokens.js';

export const TOKENS = {
  viewer: 'viewer-token-0123456789abcdef',
  writer: 'writer-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdefgh',
} as const;

export interface RunningApi {
  readonly server: SignetServer;
  readonly store: DecisionStore;
  close(): Promise<void>;
}

export async function startApi(overrides: Partial<SignetServerOptions> = {}): Promise<RunningApi> {
  const store = overrides.store ?? (await openDecisionStore('sqlite::memory:', { maxDelayMs: 2 }));
  const tokens = parseRoleTokens(
    Object.entries(TOKENS)
      .map(([role, token]) => `${role} ${token}`)
      .join('\n'),
    'tokens.txt',
  );
  const server = await startSignetServer({
    store,
    tokens,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  return {
    server,
    store,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

/** A failed CI check as `signet check --output json` prints it (contract section 2). */
export function failedCheckReport(image: string, pipeline = 'release'): Record<string, unknown> {
  return {
    apiVersion: 'signet.dev/v1',
    kind: 'CheckReport',
    createdAt: new Date().toISOString(),
    source: { kind: 'ci', pipeline, run: '1042' },
    results: [
      {
        image,
        digest: `sha256:${'c'.repeat(64)}`,
        violations: [
          {
            policy: 'Trusted signature',
            severity: 'critical',
            enforced: true,
            description: 'Images must carry a signature by a trusted key.',
            rationale: 'An unsigned image cannot be traced to our build system.',
            remediation: 'Sign the image with the release key: signet sign --key release.key IMAGE',
            categories: ['Supply Chain Security'],
            messages: [`image ${image} has no signature trusted by release-key`],
          },
          {
            policy: 'No latest tag',
            severity: 'low',
            enforced: false,
            description: null,
            rationale: null,
            remediation: null,
            categories: [],
            messages: ['tag latest is mutable'],
          },
        ],
        error: null,
        evidence: {
          signatures: [{ signer: 'dev-laptop-key', layout: 'cosign-tag', logIndex: 48213 }],
          attestations: [{ predicateType: 'https://spdx.dev/Document', signer: 'dev-laptop-key' }],
          sbom: { present: true, format: 'spdx' },
          vulnerabilities: { critical: 1, high: 4, medium: 11, low: 23, fixable: 9 },
        },
      },
    ],
    summary: {
      images: 1,
      policiesEvaluated: 5,
      violatedPolicies: 2,
      failingPolicies: 1,
      passed: false,
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

type Role = keyof typeof TOKENS;

export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  options: { role?: Role; token?: string; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const token = options.token ?? (options.role === undefined ? undefined : TOKENS[options.role]);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(options.body === undefined && options.raw === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    text,
    body: type.startsWith('application/json') ? JSON.parse(text) : undefined,
  };
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

/** Asserts that the answer is one the OpenAPI document describes for this route, status and media type. */
export function assertDocumented(route: string, method: 'get' | 'post', answer: Answer): void {
  const paths = OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, Operation>>;
  const operation = paths[route]?.[method];
  assert.ok(operation, `${method.toUpperCase()} ${route} is not in the OpenAPI document`);
  const response = operation.responses[String(answer.status)];
  assert.ok(
    response,
    `${method.toUpperCase()} ${route} answered ${answer.status}, which the document does not list`,
  );
  const mediaType = answer.type.split(';')[0]!.trim();
  const content = response.content?.[mediaType];
  assert.ok(
    content,
    `${method.toUpperCase()} ${route} ${answer.status} answered ${mediaType}, which the document does not list`,
  );
  const value = mediaType === 'application/json' ? answer.body : answer.text;
  assert.deepEqual(
    checkSchema(value, content.schema, SCHEMAS),
    [],
    `${method.toUpperCase()} ${route} ${answer.status} does not match its schema`,
  );
}
