/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) from any scanner.
 * SARIF has no package fields, so each result's package, installed and fixed versions are
 * taken, in order, from the result's or rule's property bags (`packageName`,
 * `installedVersion`, `fixedVersion`, as several scanners write them), then from the text
 * Trivy writes in `message.text` ("Package: …", "Installed Version: …", "Fixed Version: …"),
 * then from Grype's ("… in deb package: NAME, version VERSION was found …"; rule help
 * "Fix Version: …"). Severity comes from the rule's `security-severity` CVSS score as GitHub
 * code scanning reads it, then from a severity word among the rule's tags, then from the
 * result's `level`. Pure.
 */
import type { Severity, VulnerabilityFinding } from './vulnerability.js';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  objectsOf,
  stringsOf,
  type JsonObject,
} from './report-json.js';
import {
  severityFromCvssScore,
  severityFromName,
  severityFromSarifLevel,
} from './severity-names.js';
import type { ReportFieldProblem } from './report-problem.js';

export function looksLikeSarif(document: JsonObject): boolean {
  return (
    Array.isArray(document.runs) &&
    (document.version === '2.1.0' || typeof document.$schema === 'string')
  );
}

export interface SarifReadResult {
  scanner: string;
  findings: VulnerabilityFinding[];
}

export function readSarif(document: JsonObject, problem: ReportFieldProblem): SarifReadResult {
  if (document.version !== '2.1.0') problem('version', 'the string "2.1.0"');
  const scanners: string[] = [];
  const findings: VulnerabilityFinding[] = [];
  objectsOf(document.runs).forEach((run, r) => {
    const driver =
      asObject(asObject(run.tool)?.driver) ?? problem(`runs[${r}].tool.driver`, 'an object');
    const scanner = asString(driver.name) ?? problem(`runs[${r}].tool.driver.name`, 'a string');
    if (!scanners.includes(scanner)) scanners.push(scanner);
    const rules = objectsOf(driver.rules);
    const results = asArray(run.results ?? []) ?? problem(`runs[${r}].results`, 'an array');
    results.forEach((item, i) => {
      const result = asObject(item) ?? problem(`runs[${r}].results[${i}]`, 'an object');
      findings.push(readResult(result, rules, `runs[${r}].results[${i}]`, problem));
    });
  });
  return { scanner: scanners.join(', ') || 'unknown', findings };
}

function readResult(
  result: JsonObject,
  rules: JsonObject[],
  path: string,
  problem: ReportFieldProblem,
): VulnerabilityFinding {
  const ruleIndex = asNumber(result.ruleIndex);
  const rule =
    (ruleIndex === undefined ? undefined : rules[ruleIndex]) ??
    rules.find((candidate) => candidate.id === result.ruleId);
  const ruleId =
    asString(result.ruleId) ?? asString(asObject(result.rule)?.id) ?? asString(rule?.id);
  if (ruleId === undefined) problem(`${path}.ruleId`, 'a string (or a rule with an id)');
  const properties = {
    ...(asObject(rule?.properties) ?? {}),
    ...(asObject(result.properties) ?? {}),
  };
  const message = asString(asObject(result.message)?.text) ?? '';
  const help = [asObject(rule?.help)?.text, asObject(rule?.fullDescription)?.text]
    .map((text) => asString(text) ?? '')
    .join('\n');
  const grype = /in (\S+) package: ([^,\s]+), version (\S+) was found/.exec(message);
  const packageName =
    asString(properties.packageName) ??
    asString(properties.package) ??
    lineValue(message, 'Package') ??
    grype?.[2] ??
    lineValue(help, 'Package') ??
    '';
  const installedVersion =
    asString(properties.installedVersion) ??
    lineValue(message, 'Installed Version') ??
    grype?.[3] ??
    lineValue(help, 'Installed Version') ??
    lineValue(help, 'Version') ??
    '';
  const fixed =
    asString(properties.fixedVersion) ??
    lineValue(message, 'Fixed Version') ??
    lineValue(help, 'Fixed Version') ??
    lineValue(help, 'Fix Version');
  const fixedVersions = (fixed ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // Grype names its rules `<vulnerability>-<package>`; the vulnerability is the prefix.
  const id =
    packageName !== '' && ruleId.endsWith(`-${packageName}`)
      ? ruleId.slice(0, -packageName.length - 1)
      : ruleId;
  const title = asString(asObject(rule?.shortDescription)?.text);
  const uri = asString(
    asObject(asObject(objectsOf(result.locations)[0]?.physicalLocation)?.artifactLocation)?.uri,
  );
  const packageType = asString(properties.packageType) ?? grype?.[1];
  return {
    id,
    aliases: [],
    packageName,
    ...(packageType === undefined ? {} : { packageType }),
    ...(asString(properties.purl) === undefined ? {} : { purl: asString(properties.purl) }),
    installedVersion,
    fixedVersions,
    fixState: fixedVersions.length > 0 ? 'fixed' : 'unknown',
    severity: sarifSeverity(
      properties,
      result.level ?? asObject(rule?.defaultConfiguration)?.level,
    ),
    severityBySource: {},
    cvss: [],
    ...(title === undefined ? {} : { title }),
    ...(uri === undefined ? {} : { location: uri }),
  };
}

function sarifSeverity(properties: JsonObject, level: unknown): Severity {
  const score = asNumber(properties['security-severity']);
  if (score !== undefined) return severityFromCvssScore(score);
  const named = severityFromName(properties.severity);
  if (named !== undefined) return named;
  for (const tag of stringsOf(properties.tags)) {
    const fromTag = severityFromName(tag);
    if (fromTag !== undefined) return fromTag;
  }
  return severityFromSarifLevel(level) ?? 'unknown';
}

/** The value of a `Name: value` line (Trivy's and Grype's message and help texts). */
function lineValue(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^[\s*|-]+/, '');
    if (trimmed.toLowerCase().startsWith(`${name.toLowerCase()}:`)) {
      const value = trimmed
        .slice(name.length + 1)
        .replace(/[|\s]+$/, '')
        .trim();
      if (value !== '') return value;
    }
  }
  return undefined;
}
