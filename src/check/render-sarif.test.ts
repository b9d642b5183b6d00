// The SARIF document is checked against the required properties and value constraints of
// the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json) for the objects Signet writes:
// sarifLog {version, runs}, run {tool}, tool {driver}, toolComponent {name},
// reportingDescriptor {id}, result {message}, message {text|id}, invocation
// {executionSuccessful}, notification {message}, and the enumerated `level` values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../testing/check-reports.js';
import { renderCheckSarif, SARIF_SCHEMA } from './render-sarif.js';

type Json = Record<string, unknown>;
const LEVELS = ['none', 'note', 'warning', 'error'];

function requireFields(object: unknown, fields: string[], where: string): Json {
  assert.ok(
    typeof object === 'object' && object !== null && !Array.isArray(object),
    `${where} is an object`,
  );
  for (const field of fields) assert.ok(field in object, `${where}.${field} is required`);
  return object as Json;
}

function checkMessage(value: unknown, where: string): void {
  const message = requireFields(value, [], where);
  assert.ok(
    typeof message.text === 'string' || typeof message.id === 'string',
    `${where} has text or id`,
  );
}

function validateSarif(document: unknown): void {
  const log = requireFields(document, ['version', 'runs'], 'sarifLog');
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs));
  for (const [r, runValue] of (log.runs as unknown[]).entries()) {
    const run = requireFields(runValue, ['tool'], `runs[${r}]`);
    const tool = requireFields(run.tool, ['driver'], 'tool');
    const driver = requireFields(tool.driver, ['name'], 'driver');
    const rules = (driver.rules ?? []) as unknown[];
    rules.forEach((rule, i) => {
      const descriptor = requireFields(rule, ['id'], `rules[${i}]`);
      for (const key of ['shortDescription', 'fullDescription', 'help'])
        if (descriptor[key] !== undefined) checkMessage(descriptor[key], `rules[${i}].${key}`);
    });
    for (const [i, invocation] of ((run.invocations ?? []) as unknown[]).entries()) {
      const inv = requireFields(invocation, ['executionSuccessful'], `invocations[${i}]`);
      for (const n of (inv.toolExecutionNotifications ?? []) as unknown[])
        checkMessage(requireFields(n, ['message'], 'notification').message, 'notification.message');
    }
    for (const [i, resultValue] of ((run.results ?? []) as unknown[]).entries()) {
      const result = requireFields(resultValue, ['message'], `results[${i}]`);
      checkMessage(result.message, `results[${i}].message`);
      assert.ok(LEVELS.includes(result.level as string), `results[${i}].level`);
      for (const location of (result.locations ?? []) as Json[]) {
        const physical = location.physicalLocation as Json | undefined;
        if (physical === undefined) continue;
        const artifact = requireFields(physical.artifactLocation, ['uri'], 'artifactLocation');
        assert.doesNotThrow(
          () => new URL(artifact.uri as string, 'file:///'),
          'uri is a URI reference',
        );
        const region = requireFields(physical.region, ['startLine'], 'region');
        assert.ok((region.startLine as number) >= 1, 'region.startLine is at least 1');
      }
      const index = result.ruleIndex as number;
      assert.equal(
        (rules[index] as Json).id,
        result.ruleId,
        `results[${i}].ruleIndex points at its rule`,
      );
    }
  }
}

describe('the SARIF report', () => {
  const sarif = renderCheckSarif(sampleReport(), '1.2.3') as Json & { runs: Json[] };

  it('meets the SARIF 2.1.0 schema requirements', () => {
    validateSarif(sarif);
    assert.equal(sarif.$schema, SARIF_SCHEMA);
  });

  it('has a rule per violated policy and a result per violation, errors for enforced ones', () => {
    const run = sarif.runs[0] as { tool: { driver: Json & { rules: Json[] } }; results: Json[] };
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.deepEqual(
      run.tool.driver.rules.map((r) => [r.id, (r.properties as Json)['security-severity']]),
      [
        ['signet/sbom-attached', '5.5'],
        ['signet/trusted-signature', '8.0'],
      ],
    );
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.level]),
      [
        ['signet/sbom-attached', 'warning'],
        ['signet/trusted-signature', 'error'],
      ],
    );
  });

  it('reports images that were not evaluated as failed tool executions', () => {
    const invocation = (sarif.runs[0]!.invocations as Json[])[0]!;
    assert.equal(invocation.executionSuccessful, false);
    assert.match(
      JSON.stringify(invocation.toolExecutionNotifications),
      /down:1\.0: registry unavailable/,
    );
  });

  it('is caught by the check when a required field is missing', () => {
    assert.throws(
      () => validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }),
      /driver\.name is required/,
    );
    assert.throws(
      () =>
        validateSarif({
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'x' } }, results: [{}] }],
        }),
      /message is required/,
    );
  });
});
