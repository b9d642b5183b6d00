export type {
  DecisionInput,
  DecisionOutcome,
  DecisionQuery,
  DecisionRecord,
  DecisionSource,
  DecisionStore,
  ImageDecision,
  OutcomeCounts,
} from './types.js';
export { openDecisionStore } from './open.js';
export { MAX_PAGE } from './decision-store.js';
export { BatchWriter } from './batch-writer.js';
export type { BatchWriterOptions } from './batch-writer.js';
export { RECORDS_ERRORS } from './errors.js';
