/**
 * The OpenAPI 3.1 description of Signet's API, served at /api/openapi.json. The routes
 * validate bodies against its schemas and the tests check real answers against it, so
 * what is written here is what the server does.
 */
import { SCHEMAS } from './schemas.js';
import type { Schema } from './schema-check.js';

interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly required?: boolean;
  readonly description: string;
  readonly schema: Schema;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const query = (
  name: string,
  description: string,
  schema: Schema = { type: 'string' },
): Parameter => ({
  name,
  in: 'query',
  description,
  schema,
});

const PAGING: readonly Parameter[] = [
  query('limit', 'Items per page, 1 to 1000 (default 50).', {
    type: 'integer',
    minimum: 1,
    maximum: 1000,
  }),
  query('before', 'The `next` of the previous page.', { type: 'string' }),
];
export const VIOLATION_FILTERS: readonly Parameter[] = [
  query(
    'source',
    'admission, check, policy-test or gatekeeper.',
    SCHEMAS.Violation!.properties!.source,
  ),
  query(
    'action',
    'denied, warned, failed-build or reported.',
    SCHEMAS.Violation!.properties!.action,
  ),
  query('severity', 'low, medium, high or critical.', SCHEMAS.Violation!.properties!.severity),
  query('policy', 'Exact policy name.'),
  query('image', 'Exact image as written, or its digest.'),
  query('namespace', 'Exact namespace.'),
  query('cluster', 'Exact cluster name.'),
  query('pipeline', 'Exact CI pipeline name.'),
  query('q', 'Case-insensitive text in image, policy, message, workload, namespace or pipeline.'),
  query('since', 'Only at or after this RFC 3339 time.', { type: 'string', format: 'date-time' }),
  query('until', 'Only before this RFC 3339 time.', { type: 'string', format: 'date-time' }),
  query('format', 'json (default) or csv: the same list as a file to download.', {
    type: 'string',
    enum: ['json', 'csv'],
  }),
];
const ID_PARAMETER: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Record id.',
  schema: { type: 'string' },
};

const AUTH_FAILURES = {
  '401': error('No token, or an unknown one.'),
  '403': error("The token's role may not do this."),
};
const READ = { security: [{ bearer: [] }] };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Signet API',
    version: '1',
    description:
      'Decisions from admission webhooks and CI checks, their violations, images, policies and the transparency log. Every write needs a writer or admin token; reads need a viewer token unless the server runs with --public-read. See docs/api.md.',
  },
  components: {
    schemas: SCHEMAS,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
  paths: {
    '/healthz': {
      get: {
        summary: 'Liveness',
        responses: {
          '200': {
            description: 'Serving.',
            content: json({
              type: 'object',
              required: ['status'],
              properties: { status: { type: 'string', enum: ['ok'] } },
              additionalProperties: false,
            }),
          },
        },
      },
    },
    '/api/v1/whoami': {
      get: {
        summary: "The caller's role",
        ...READ,
        responses: {
          '200': { description: 'Role.', content: json(ref('Caller')) },
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/violations': {
      get: {
        summary: 'Violations, newest first',
        ...READ,
        parameters: [...VIOLATION_FILTERS, ...PAGING],
        responses: {
          '200': {
            description: 'One page (or with format=csv a CSV of up to 10,000 rows).',
            content: { ...json(ref('ViolationPage')), 'text/csv': { schema: { type: 'string' } } },
          },
          '400': error('A parameter is malformed; `field` names it.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/violations/{id}': {
      get: {
        summary: 'One violation',
        ...READ,
        parameters: [ID_PARAMETER],
        responses: {
          '200': { description: 'Found.', content: json(ref('Violation')) },
          '404': error('No such violation.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/decisions': {
      get: {
        summary: 'Decisions, newest first',
        ...READ,
        parameters: [
          VIOLATION_FILTERS[0]!,
          query('outcome', 'allowed, denied or warned.', SCHEMAS.Decision!.properties!.outcome),
          VIOLATION_FILTERS[4]!,
          VIOLATION_FILTERS[5]!,
          ...PAGING,
        ],
        responses: {
          '200': { description: 'One page.', content: json(ref('DecisionPage')) },
          '400': error('A parameter is malformed.'),
          ...AUTH_FAILURES,
        },
      },
      post: {
        summary: 'Record a decision made by a webhook elsewhere (writer)',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: json(ref('DecisionBody')) },
        responses: {
          '201': { description: 'Recorded.', content: json(ref('Created')) },
          '400': error('Malformed; `field` names the field.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/decisions/{id}': {
      get: {
        summary: 'One decision',
        ...READ,
        parameters: [ID_PARAMETER],
        responses: {
          '200': { description: 'Found.', content: json(ref('Decision')) },
          '404': error('No such decision.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/check-results': {
      post: {
        summary: 'Record a CI check report, as `signet check --send` posts it (writer)',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: json(ref('CheckReport')) },
        responses: {
          '201': { description: 'Recorded.', content: json(ref('Created')) },
          '400': error('Malformed; `field` names the field.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/images': {
      get: {
        summary: 'Images seen in decisions, most recent first',
        ...READ,
        parameters: [
          query('q', 'Case-insensitive text in the image.'),
          PAGING[0]!,
          query('format', 'json or csv.', { type: 'string', enum: ['json', 'csv'] }),
        ],
        responses: {
          '200': {
            description: 'Images.',
            content: { ...json(ref('ImagePage')), 'text/csv': { schema: { type: 'string' } } },
          },
          '400': error('A parameter is malformed.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/policies': {
      get: {
        summary: 'Violations per policy over time',
        ...READ,
        parameters: [
          query('days', 'Span, 1 to 90 days (default 14).', {
            type: 'integer',
            minimum: 1,
            maximum: 90,
          }),
          query('bucket', 'hour or day (default day).', { type: 'string', enum: ['hour', 'day'] }),
        ],
        responses: {
          '200': { description: 'Counts.', content: json(ref('PolicyActivity')) },
          '400': error('A parameter is malformed.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/tlog': {
      get: {
        summary: 'Transparency log status',
        ...READ,
        responses: {
          '200': { description: 'Status.', content: json(ref('TlogStatus')) },
          '502': error('The log could not be reached.'),
          ...AUTH_FAILURES,
        },
      },
    },
    '/api/v1/retention': {
      post: {
        summary: 'Apply a retention rule now (admin)',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: json(ref('RetentionBody')) },
        responses: {
          '200': { description: 'Pruned.', content: json(ref('Pruned')) },
          '400': error('Malformed.'),
          ...AUTH_FAILURES,
        },
      },
    },
  },
} as const;

/**
 * The query parameters the GET of `path` documents. The routes refuse any other, so the
 * document stays the one list of what each read accepts.
 */
export function documentedQuery(path: string): readonly string[] {
  const paths = OPENAPI_DOCUMENT.paths as Readonly<
    Record<string, { readonly get?: { readonly parameters?: readonly Parameter[] } }>
  >;
  const parameters = paths[path]?.get?.parameters;
  if (parameters === undefined) throw new Error(`the API document lists no GET ${path}`);
  return parameters.filter((p) => p.in === 'query').map((p) => p.name);
}
