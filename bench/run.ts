/**
 * `npm run bench`: runs every scenario (or those named on the command line), writes
 * bench/results/latest.json plus a timestamped copy, and prints a table.
 */
import { resolve } from 'node:path';
import type { Measurement, Scenario } from './harness.js';
import { machineInfo, renderTable, writeReport } from './report.js';
import { resolveTagsScenario } from './scenarios/resolve-tags.js';
import { verifyScenario } from './scenarios/verify.js';
import { tlogAppendScenario, tlogProofsScenario } from './scenarios/tlog.js';
import { admissionScenario } from './scenarios/admission.js';
import { apiserverAdmissionScenario } from './scenarios/apiserver-admission.js';
import { gpgScenario } from './scenarios/gpg.js';
import { bundleVerifyScenario } from './scenarios/bundle-verify.js';
import { attestScenario } from './scenarios/attest.js';
import { verifyRequestsScenario } from './scenarios/verify-requests.js';
import { checkScenario } from './scenarios/check.js';
import { sbomScenario } from './scenarios/sbom.js';
import { decisionsScenario } from './scenarios/decisions.js';
import { notationScenario } from './scenarios/notation.js';
import { chainsScenario } from './scenarios/chains.js';

const SCENARIOS: readonly Scenario[] = [
  resolveTagsScenario,
  verifyScenario,
  verifyRequestsScenario,
  admissionScenario,
  apiserverAdmissionScenario,
  gpgScenario,
  bundleVerifyScenario,
  attestScenario,
  checkScenario,
  notationScenario,
  chainsScenario,
  tlogAppendScenario,
  tlogProofsScenario,
  sbomScenario,
  decisionsScenario,
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length > 0 ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const results: Record<string, Measurement[]> = {};
  const startedAt = new Date().toISOString();
  for (const scenario of chosen) {
    process.stderr.write(`bench: ${scenario.name}: ${scenario.description}\n`);
    results[scenario.name] = await scenario.run();
  }
  const report = { startedAt, machine: machineInfo(), results };
  const file = await writeReport(resolve('bench/results'), report);
  console.log(renderTable(report));
  console.log(`\nresults written to ${file}`);
}

await main();
