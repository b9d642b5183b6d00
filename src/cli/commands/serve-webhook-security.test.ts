import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  PolicyReloader,
  type PolicySnapshot,
  type PolicySource,
} from '../../admission/policies/index.js';
import {
  parseSecurityPolicyYaml,
  type CompiledSecurityPolicySet,
} from '../../policy/security/index.js';
import { isSignetError } from '../../core/errors.js';
import { latestTagPolicyYaml } from '../../testing/latest-tag-policy.js';
import { waitFor } from '../../testing/wait-until.js';
import type { CliContext } from '../context.js';
import { securityPolicyFileSource } from './serve-webhook-security.js';

const logger = pino({ level: 'silent' });

const policy = (id: string, name: string, enforcement: string) =>
  latestTagPolicyYaml({ id, name, enforcement });

function context(lines: string[]): CliContext {
  return {
    console: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
    env: {},
    exitCode: 0,
    format: 'text',
  };
}

/** A source already synced with one SecurityPolicy, as the Kubernetes source is once listed. */
function apiSource(yaml: string): PolicySource {
  const parsed = parseSecurityPolicyYaml(yaml, 'securitypolicies.signet.dev/x');
  const snapshot: PolicySnapshot = {
    documents: [],
    trustRoots: [],
    securityPolicies: parsed.documents,
    problems: [],
  };
  return {
    name: 'SecurityPolicy signet.dev/v1alpha1',
    start: () => {},
    snapshot: () => snapshot,
    status: () => ({ name: 'api', synced: true, policies: 0, securityPolicies: 1, problems: [] }),
    close: () => Promise.resolve(),
  };
}

describe('SecurityPolicy files of the webhook', () => {
  let dir: string;
  let reloader: PolicyReloader | undefined;
  const applied: (CompiledSecurityPolicySet | undefined)[] = [];
  const enforcement = () =>
    applied.at(-1)?.policies.map((p) => `${p.document.name} ${p.document.enforcement.deploy}`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-security-files-'));
  });
  after(async () => {
    await reloader?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the start with every problem printed when a file is invalid', async () => {
    await writeFile(join(dir, 'bad.yaml'), policy('latest', 'Latest tag', 'sometimes'));
    const lines: string[] = [];
    await assert.rejects(
      securityPolicyFileSource([join(dir, 'bad.yaml')], logger, context(lines)),
      (error) => isSignetError(error) && error.code === 'POLICY_INVALID',
    );
    assert.match(lines.join('\n'), /bad\.yaml:\d+:\d+: spec\.enforcement\.deploy/);
  });

  it('applies the files with the API objects, reloads an edit, and keeps the last good set', async () => {
    const file = join(dir, 'security.yaml');
    await writeFile(file, policy('latest-tag-prod', 'Latest tag', 'enforce'));
    const source = await securityPolicyFileSource([file], logger, context([]));
    assert.ok(source !== undefined);
    assert.equal(source.name, `SecurityPolicy files ${file}`);
    reloader = new PolicyReloader({
      sources: [source, apiSource(policy('latest-tag-dev', 'Latest tag in dev', 'inform'))],
      noMatch: 'allow',
      logger,
    });
    reloader.start({ policies: () => {}, securityPolicies: (set) => applied.push(set) });
    assert.deepEqual(enforcement(), ['Latest tag enforce', 'Latest tag in dev inform']);
    assert.equal(reloader.status().securityPolicies, 2);

    await writeFile(file, policy('latest-tag-prod', 'Latest tag', 'inform'));
    await waitFor('the edit is applied', () => enforcement()?.[0] === 'Latest tag inform');

    const before = applied.length;
    await writeFile(file, policy('latest-tag-prod', 'Latest tag', 'never'));
    await waitFor('the bad edit is refused', () => source.status().lastError !== undefined);
    assert.match(source.status().lastError ?? '', /reload refused/);
    assert.match(source.status().problems.join('\n'), /spec\.enforcement\.deploy/);
    assert.equal(applied.length, before);
    assert.equal(enforcement()?.[0], 'Latest tag inform');
  });

  it('skips a second policy of the same report name from a later source, saying where', async () => {
    const file = join(dir, 'twice.yaml');
    await writeFile(file, policy('latest-tag-prod', 'Latest tag', 'enforce'));
    const source = await securityPolicyFileSource([file], logger, context([]));
    const twice = new PolicyReloader({
      sources: [source!, apiSource(policy('other-id', 'Latest tag', 'inform'))],
      noMatch: 'allow',
      logger,
    });
    const sets: (CompiledSecurityPolicySet | undefined)[] = [];
    twice.start({ policies: () => {}, securityPolicies: (set) => sets.push(set) });
    try {
      assert.deepEqual(
        sets.at(-1)?.policies.map((p) => p.document.id),
        ['latest-tag-prod'],
      );
      assert.match(
        twice.status().problems.join('\n'),
        /securitypolicies\.signet\.dev\/x.*spec\.name: SecurityPolicy "Latest tag" is already defined by .*twice\.yaml/,
      );
    } finally {
      await twice.close();
    }
  });
});
