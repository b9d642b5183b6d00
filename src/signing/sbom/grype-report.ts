/**
 * Grype's JSON report (`grype -o json`): `matches[]`, each a vulnerability matched to an
 * artifact (package), with the fix state and versions, CVSS by source and related
 * vulnerabilities (the CVE behind a GHSA or distribution advisory). `ignoredMatches[]`
 * were ignored by Grype's own configuration and are not findings. Pure.
 */
import type { CvssScore, FixState, Severity, VulnerabilityFinding } from './vulnerability.js';
import {
  asNumber,
  asObject,
  asString,
  objectsOf,
  stringsOf,
  type JsonObject,
} from './report-json.js';
import { severityFromName } from './severity-names.js';
import type { ReportFieldProblem } from './report-problem.js';

export function looksLikeGrypeReport(document: JsonObject): boolean {
  return Array.isArray(document.matches) && ('descriptor' in document || 'source' in document);
}

export interface GrypeReadResult {
  scanner: string;
  artifact?: string;
  findings: VulnerabilityFinding[];
}

export function readGrypeReport(
  document: JsonObject,
  problem: ReportFieldProblem,
): GrypeReadResult {
  const findings = objectsOf(document.matches).map((match, m) =>
    readMatch(match, `matches[${m}]`, problem),
  );
  const target = asObject(asObject(document.source)?.target);
  const artifact = asString(target?.userInput) ?? asString(target?.manifestDigest);
  return {
    scanner: asString(asObject(document.descriptor)?.name) ?? 'grype',
    ...(artifact === undefined ? {} : { artifact }),
    findings,
  };
}

function readMatch(
  match: JsonObject,
  path: string,
  problem: ReportFieldProblem,
): VulnerabilityFinding {
  const vulnerability =
    asObject(match.vulnerability) ?? problem(`${path}.vulnerability`, 'an object');
  const artifact = asObject(match.artifact) ?? problem(`${path}.artifact`, 'an object');
  const id = asString(vulnerability.id) ?? problem(`${path}.vulnerability.id`, 'a string');
  const packageName = asString(artifact.name) ?? problem(`${path}.artifact.name`, 'a string');
  const fix = asObject(vulnerability.fix);
  const fixedVersions = stringsOf(fix?.versions);
  // A suggested version from the match details goes first: it is the one that fixes this match.
  for (const detail of objectsOf(match.matchDetails)) {
    const suggested = asString(asObject(detail.fix)?.suggestedVersion);
    if (suggested !== undefined && !fixedVersions.includes(suggested))
      fixedVersions.unshift(suggested);
  }
  const severity = severityFromName(vulnerability.severity) ?? 'unknown';
  const severityBySource: Record<string, Severity> = {};
  const namespace = asString(vulnerability.namespace);
  if (namespace !== undefined) severityBySource[namespace] = severity;
  const related = objectsOf(match.relatedVulnerabilities);
  const cvss = grypeCvss(vulnerability.cvss);
  for (const other of related) {
    const otherNamespace = asString(other.namespace);
    const otherSeverity = severityFromName(other.severity);
    if (otherNamespace !== undefined && otherSeverity !== undefined) {
      severityBySource[otherNamespace] = otherSeverity;
    }
    cvss.push(...grypeCvss(other.cvss));
  }
  const aliases = [...new Set(related.flatMap((other) => asString(other.id) ?? []))].filter(
    (alias) => alias !== id,
  );
  const purl = asString(artifact.purl);
  const type = asString(artifact.type);
  const location = objectsOf(artifact.locations)[0];
  const where = asString(location?.layerID) ?? asString(location?.path);
  const title = asString(vulnerability.description);
  return {
    id,
    aliases,
    packageName,
    ...(type === undefined ? {} : { packageType: type }),
    ...(purl === undefined ? {} : { purl }),
    installedVersion: asString(artifact.version) ?? '',
    fixedVersions,
    fixState: grypeFixState(asString(fix?.state), fixedVersions),
    severity,
    severityBySource,
    cvss,
    ...(title === undefined ? {} : { title }),
    ...(where === undefined ? {} : { location: where }),
  };
}

/** Grype's fix.state: fixed, not-fixed, wont-fix, unknown (and empty in old reports). */
function grypeFixState(state: string | undefined, fixedVersions: string[]): FixState {
  switch (state) {
    case 'fixed':
    case 'not-fixed':
    case 'wont-fix':
    case 'unknown':
      return state;
    default:
      return fixedVersions.length > 0 ? 'fixed' : 'unknown';
  }
}

/** `cvss: [{ source, version, vector, metrics: { baseScore } }]`. */
function grypeCvss(value: unknown): CvssScore[] {
  return objectsOf(value).flatMap((entry) => {
    const score = asNumber(asObject(entry.metrics)?.baseScore);
    if (score === undefined) return [];
    const vector = asString(entry.vector);
    return [
      {
        source: asString(entry.source) ?? 'unknown',
        version: asString(entry.version) ?? '',
        score,
        ...(vector === undefined ? {} : { vector }),
      },
    ];
  });
}
