// How the source retries and what it makes of refusals. A scripted PolicyApi stands in for
// the API server here because the cases are server misbehaviour a real kube-apiserver does
// not produce on demand (every watch failing right after a good list); listing, watching
// and real refusals are covered against a real API server in kubernetes-policy-source.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { admissionError } from '../errors.js';
import { waitFor } from '../../testing/wait-until.js';
import {
  SIGNET_POLICIES,
  SIGNET_SECURITY_POLICIES,
  type PolicyApi,
} from './kubernetes-policy-api.js';
import { KubernetesPolicySource } from './kubernetes-policy-source.js';

const FAST = { initialMs: 20, maxMs: 160 };

/** A logger whose records the test reads (the source logs each retry's delay). */
function recordingLogger() {
  const records: { retryInMs?: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      records.push(JSON.parse(chunk.toString()) as { retryInMs?: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), records };
}

/** A SecurityPolicy source over `api`, started. */
function startedSecuritySource(api: PolicyApi): KubernetesPolicySource {
  const source = new KubernetesPolicySource({
    api,
    collection: SIGNET_SECURITY_POLICIES,
    logger: pino({ level: 'silent' }),
    backoff: FAST,
  });
  source.start(() => {});
  return source;
}

const refusal = (status: number) =>
  admissionError('ADMISSION_POLICY_SOURCE_FAILED', `listing failed (HTTP ${status})`, {
    details: { status },
  });

describe('policy source retries', () => {
  it('backs off further while every watch fails right after a good list', async () => {
    const api: PolicyApi = {
      list: () => Promise.resolve({ items: [], resourceVersion: '1' }),
      watch: () => ({ ended: Promise.reject(new Error('connection reset')), stop: () => {} }),
    };
    const { logger, records } = recordingLogger();
    const source = new KubernetesPolicySource({
      api,
      collection: SIGNET_POLICIES,
      logger,
      backoff: FAST,
    });
    source.start(() => {});
    try {
      const delays = () => records.flatMap((r) => (r.retryInMs === undefined ? [] : [r.retryInMs]));
      await waitFor('four retries', () => delays().length >= 4, { timeoutMs: 5000 });
      assert.deepEqual(delays().slice(0, 4), [20, 40, 80, 160]);
      assert.equal(source.status().synced, true, 'the good list still counts');
    } finally {
      await source.close();
    }
  });

  it('has no SecurityPolicies, synced, while their CRD is absent (404)', async () => {
    const api: PolicyApi = {
      list: () => Promise.reject(refusal(404)),
      watch: () => assert.fail('nothing to watch'),
    };
    const source = startedSecuritySource(api);
    try {
      await waitFor('the source is synced', () => source.status().synced);
      assert.deepEqual(source.snapshot()?.securityPolicies, []);
      assert.equal(source.status().lastError, undefined);
      assert.equal(source.status().name, 'SecurityPolicy signet.dev/v1alpha1');
    } finally {
      await source.close();
    }
  });

  it('stays unsynced when SecurityPolicies exist but may not be read (403): fail closed', async () => {
    let lists = 0;
    const api: PolicyApi = {
      list: () => {
        lists += 1;
        return Promise.reject(refusal(403));
      },
      watch: () => assert.fail('nothing to watch'),
    };
    const source = startedSecuritySource(api);
    try {
      await waitFor('listing was retried', () => lists >= 2);
      assert.equal(source.status().synced, false);
      assert.equal(source.snapshot(), undefined);
      assert.match(source.status().lastError ?? '', /HTTP 403/);
    } finally {
      await source.close();
    }
  });
});
