/**
 * The API's data shapes (OpenAPI 3.1 `components.schemas`). Request bodies are validated
 * against them (schema-check.ts) and the tests check every answer against them. Bounds
 * keep one request small: a CI report of 1,000 images with 1,000 violations each is
 * already far beyond any real pipeline.
 */
import {
  DECISION_OUTCOMES,
  DECISION_SOURCES,
  SEVERITIES,
  VIOLATION_ACTIONS,
} from '../../records/types.js';
import type { Schema } from './schema-check.js';

const text = (maxLength = 4096): Schema => ({ type: 'string', maxLength });
const nullableText = (maxLength = 4096): Schema => ({ type: ['string', 'null'], maxLength });
const list = (items: Schema, maxItems = 1000): Schema => ({ type: 'array', items, maxItems });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const SEVERITY: Schema = { type: 'string', enum: SEVERITIES };
const SOURCE: Schema = { type: 'string', enum: DECISION_SOURCES };
const OUTCOME: Schema = { type: 'string', enum: DECISION_OUTCOMES };
const ACTION: Schema = { type: 'string', enum: VIOLATION_ACTIONS };
const TIME: Schema = { type: 'string', format: 'date-time' };
const ID: Schema = { type: 'integer', minimum: 1 };
const COUNT: Schema = { type: 'integer', minimum: 0 };
/** An image as written in a workload or on the command line; a sender must name one. */
const IMAGE: Schema = { type: 'string', minLength: 1, maxLength: 1024 };
/** Where a decision was made, as a webhook sends it and as it is listed. */
const WHERE_DECIDED: Readonly<Record<string, Schema>> = {
  cluster: text(256),
  namespace: text(256),
  kind: text(256),
  name: text(256),
  operation: text(64),
  policyRevision: text(256),
};

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  Error: {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: text(64), message: text(2048), field: text(512) },
    additionalProperties: false,
  },
  Created: {
    type: 'object',
    required: ['id'],
    properties: { id: text(32) },
    additionalProperties: false,
  },
  CheckReport: {
    type: 'object',
    description: 'What `signet check ... --output json` prints and `--send` posts.',
    required: ['apiVersion', 'kind', 'createdAt', 'source', 'results', 'summary'],
    properties: {
      apiVersion: { type: 'string', enum: ['signet.dev/v1'] },
      kind: { type: 'string', enum: ['CheckReport'] },
      createdAt: TIME,
      source: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: ['ci'] },
          pipeline: nullableText(256),
          run: nullableText(256),
        },
        additionalProperties: false,
      },
      results: list(ref('CheckResult')),
      summary: {
        type: 'object',
        required: ['images', 'policiesEvaluated', 'violatedPolicies', 'failingPolicies', 'passed'],
        properties: {
          images: COUNT,
          policiesEvaluated: COUNT,
          violatedPolicies: COUNT,
          failingPolicies: COUNT,
          passed: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  CheckResult: {
    type: 'object',
    required: ['image', 'violations'],
    properties: {
      image: IMAGE,
      digest: nullableText(128),
      violations: list(ref('CheckViolation')),
      error: nullableText(),
      evidence: ref('ImageEvidence'),
    },
    additionalProperties: false,
  },
  CheckViolation: {
    type: 'object',
    required: ['policy', 'severity', 'enforced'],
    properties: {
      policy: { type: 'string', minLength: 1, maxLength: 256 },
      severity: SEVERITY,
      enforced: { type: 'boolean' },
      description: nullableText(),
      rationale: nullableText(),
      remediation: nullableText(),
      categories: list(text(256), 64),
      messages: list(text(), 256),
    },
    additionalProperties: false,
  },
  DecisionBody: {
    type: 'object',
    description: 'An admission or Gatekeeper decision sent by a webhook in another cluster.',
    required: ['source', 'outcome', 'images'],
    properties: {
      time: TIME,
      source: { type: 'string', enum: ['admission', 'gatekeeper', 'policy-test'] },
      outcome: OUTCOME,
      ...WHERE_DECIDED,
      warnings: list(text(), 256),
      images: list(ref('ImageDecision'), 256),
    },
    additionalProperties: false,
  },
  ImageDecision: {
    type: 'object',
    required: ['image', 'allowed'],
    properties: {
      image: IMAGE,
      digest: text(128),
      allowed: { type: 'boolean' },
      reasons: list(text(), 256),
      evidence: ref('ImageEvidence'),
    },
    additionalProperties: false,
  },
  ImageEvidence: {
    type: 'object',
    description:
      'Optional: what the decision was made on, as the sender states it. Signet records it and never reads registries to complete it; an absent part means unknown.',
    properties: {
      signatures: list(
        {
          type: 'object',
          required: ['signer'],
          properties: {
            signer: { type: 'string', minLength: 1, maxLength: 1024 },
            layout: text(64),
            logIndex: COUNT,
          },
          additionalProperties: false,
        },
        64,
      ),
      attestations: list(
        {
          type: 'object',
          required: ['predicateType'],
          properties: {
            predicateType: { type: 'string', minLength: 1, maxLength: 512 },
            signer: text(1024),
          },
          additionalProperties: false,
        },
        64,
      ),
      sbom: {
        type: 'object',
        required: ['present'],
        properties: { present: { type: 'boolean' }, format: text(64) },
        additionalProperties: false,
      },
      vulnerabilities: {
        type: 'object',
        required: ['critical', 'high', 'medium', 'low', 'fixable'],
        properties: {
          critical: COUNT,
          high: COUNT,
          medium: COUNT,
          low: COUNT,
          fixable: COUNT,
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  Decision: {
    type: 'object',
    required: ['id', 'time', 'source', 'outcome', 'warnings', 'images'],
    properties: {
      id: ID,
      time: TIME,
      source: SOURCE,
      outcome: OUTCOME,
      ...WHERE_DECIDED,
      pipeline: text(256),
      run: text(256),
      durationMs: { type: 'number', minimum: 0 },
      warnings: list(text()),
      images: list(ref('ImageDecision')),
    },
    additionalProperties: false,
  },
  DecisionPage: page('Decision'),
  Violation: {
    type: 'object',
    required: [
      'id',
      'decisionId',
      'time',
      'source',
      'action',
      'policy',
      'image',
      'enforced',
      'messages',
      'categories',
    ],
    properties: {
      id: ID,
      decisionId: ID,
      time: TIME,
      source: SOURCE,
      action: ACTION,
      severity: SEVERITY,
      policy: text(256),
      image: text(1024),
      digest: text(128),
      cluster: text(256),
      namespace: text(256),
      workload: text(512),
      pipeline: text(256),
      run: text(256),
      enforced: { type: 'boolean' },
      messages: list(text()),
      description: text(),
      rationale: text(),
      remediation: text(),
      categories: list(text(256)),
    },
    additionalProperties: false,
  },
  ViolationPage: page('Violation'),
  Image: {
    type: 'object',
    required: ['image', 'digests', 'decisions', 'denied', 'violations', 'lastSeen'],
    properties: {
      image: text(1024),
      digests: list(text(128)),
      decisions: COUNT,
      denied: COUNT,
      violations: COUNT,
      lastSeen: TIME,
    },
    additionalProperties: false,
  },
  ImagePage: page('Image'),
  PolicyActivity: {
    type: 'object',
    required: ['bucketMs', 'buckets', 'policies'],
    properties: {
      bucketMs: { type: 'integer', minimum: 1 },
      buckets: list(TIME, 400),
      loaded: { type: ['array', 'null'], items: text(256), maxItems: 10_000 },
      policies: list(
        {
          type: 'object',
          required: ['policy', 'violations', 'lastSeen', 'series'],
          properties: {
            policy: text(256),
            violations: COUNT,
            lastSeen: TIME,
            series: list(COUNT, 400),
          },
          additionalProperties: false,
        },
        10_000,
      ),
    },
    additionalProperties: false,
  },
  TlogStatus: {
    type: 'object',
    required: ['configured'],
    properties: {
      configured: { type: 'boolean' },
      url: text(1024),
      treeSize: COUNT,
      rootHash: text(128),
      checkpoint: text(8192),
      entries: list(
        {
          type: 'object',
          required: ['logIndex', 'uuid', 'integratedTime', 'kind'],
          properties: {
            logIndex: COUNT,
            uuid: text(128),
            integratedTime: TIME,
            kind: text(64),
          },
          additionalProperties: false,
        },
        100,
      ),
      monitor: {
        type: 'object',
        required: ['status', 'message'],
        properties: {
          status: { type: 'string', enum: ['ok', 'grew', 'shrank', 'unreachable'] },
          message: text(1024),
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  Caller: {
    type: 'object',
    required: ['role'],
    properties: { role: { type: 'string', enum: ['anonymous', 'viewer', 'writer', 'admin'] } },
    additionalProperties: false,
  },
  RetentionBody: {
    type: 'object',
    properties: {
      maxAgeDays: { type: 'integer', minimum: 1, maximum: 36_500 },
      maxDecisions: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
    },
    additionalProperties: false,
  },
  Pruned: {
    type: 'object',
    required: ['deleted'],
    properties: { deleted: COUNT },
    additionalProperties: false,
  },
};

function page(item: string): Schema {
  return {
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: list(ref(item)),
      next: {
        type: ['string', 'null'],
        maxLength: 32,
        description: 'Pass as `before` for the next page; null on the last.',
      },
    },
    additionalProperties: false,
  };
}
