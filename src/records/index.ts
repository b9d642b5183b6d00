export type {
  DecisionInput,
  DecisionOutcome,
  DecisionQuery,
  DecisionRecord,
  DecisionSource,
  DecisionStore,
  ImageDecision,
  ImageEvidence,
  ImageSummary,
  OutcomeCounts,
  PolicyActivity,
  PolicyActivityReport,
  RetentionRule,
  Severity,
  ViolationAction,
  ViolationInput,
  ViolationQuery,
  ViolationRecord,
} from './types.js';
export { DECISION_OUTCOMES, DECISION_SOURCES, SEVERITIES, VIOLATION_ACTIONS } from './types.js';
export { openDecisionStore } from './open.js';
export { forwardingDecisionStore } from './forwarding-store.js';
export { MAX_PAGE } from './decision-store.js';
export { MAX_VIOLATION_PAGE, MAX_BUCKETS } from './violation-queries.js';
export { UNNAMED_POLICY } from './violations.js';
export { BatchWriter } from './batch-writer.js';
export type { BatchWriterOptions } from './batch-writer.js';
export { RECORDS_ERRORS } from './errors.js';
