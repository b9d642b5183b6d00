/** What the API routes need: the store, access rules, the log reader and loaded policies. */
import type { Logger } from 'pino';
import type { DecisionStore } from '../../records/index.js';
import type { TlogStatusReader } from '../tlog-status.js';
import type { Access } from './auth.js';

export interface ApiContext {
  readonly store: DecisionStore;
  readonly access: Access;
  readonly tlog: TlogStatusReader;
  /** Names of the policies an in-process webhook enforces; undefined without one. */
  readonly loadedPolicies?: () => readonly string[] | undefined;
  readonly logger: Logger;
}
