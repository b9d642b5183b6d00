/**
 * Trivy's JSON report (`trivy image --format json`, SchemaVersion 2): findings are under
 * `Results[].Vulnerabilities[]`, one result per scanned target (the OS packages, each
 * lockfile or binary). Field names follow Trivy's pkg/types (DetectedVulnerability).
 * Pure.
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
import { severityFromName, severityFromTrivyNumber } from './severity-names.js';
import type { ReportFieldProblem } from './report-problem.js';

export function looksLikeTrivyReport(document: JsonObject): boolean {
  return 'SchemaVersion' in document && ('Results' in document || 'ArtifactName' in document);
}

export interface TrivyReadResult {
  artifact?: string;
  findings: VulnerabilityFinding[];
}

export function readTrivyReport(
  document: JsonObject,
  problem: ReportFieldProblem,
): TrivyReadResult {
  if (typeof document.SchemaVersion !== 'number') problem('SchemaVersion', 'a number');
  if (document.Results !== undefined && !Array.isArray(document.Results)) {
    problem('Results', 'an array');
  }
  const findings: VulnerabilityFinding[] = [];
  objectsOf(document.Results).forEach((result, r) => {
    const target = asString(result.Target);
    const type = asString(result.Type);
    objectsOf(result.Vulnerabilities).forEach((vulnerability, v) => {
      findings.push(
        readFinding(vulnerability, `Results[${r}].Vulnerabilities[${v}]`, target, type, problem),
      );
    });
  });
  const artifact = asString(document.ArtifactName);
  return { ...(artifact === undefined ? {} : { artifact }), findings };
}

function readFinding(
  v: JsonObject,
  path: string,
  target: string | undefined,
  type: string | undefined,
  problem: ReportFieldProblem,
): VulnerabilityFinding {
  const id = asString(v.VulnerabilityID) ?? problem(`${path}.VulnerabilityID`, 'a string');
  const packageName = asString(v.PkgName) ?? problem(`${path}.PkgName`, 'a string');
  const installedVersion = asString(v.InstalledVersion) ?? '';
  // FixedVersion lists every fixed version, comma-separated ("3.0.13-1~deb12u1, 3.0.14").
  const fixedVersions = (asString(v.FixedVersion) ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const severityBySource: Record<string, Severity> = {};
  for (const [source, value] of Object.entries(asObject(v.VendorSeverity) ?? {})) {
    const severity = severityFromTrivyNumber(value) ?? severityFromName(value);
    if (severity !== undefined) severityBySource[source] = severity;
  }
  const purl = asString(asObject(v.PkgIdentifier)?.PURL);
  const layer = asObject(v.Layer);
  const location = asString(layer?.Digest) ?? asString(layer?.DiffID) ?? target;
  const title = asString(v.Title);
  const publishedAt = asString(v.PublishedDate);
  return {
    id,
    aliases: stringsOf(v.VendorIDs).filter((alias) => alias !== id),
    packageName,
    ...(type === undefined ? {} : { packageType: type }),
    ...(purl === undefined ? {} : { purl }),
    installedVersion,
    fixedVersions,
    fixState: trivyFixState(asString(v.Status), fixedVersions),
    severity: severityFromName(v.Severity) ?? 'unknown',
    severityBySource,
    cvss: trivyCvss(asObject(v.CVSS)),
    ...(publishedAt === undefined ? {} : { publishedAt }),
    ...(title === undefined ? {} : { title }),
    ...(location === undefined ? {} : { location }),
  };
}

/** Trivy's Status (pkg/types/status.go); reports before v0.36 have none. */
function trivyFixState(status: string | undefined, fixedVersions: string[]): FixState {
  switch (status) {
    case 'fixed':
      return 'fixed';
    case 'affected':
    case 'under_investigation':
      return 'not-fixed';
    case 'will_not_fix':
    case 'fix_deferred':
    case 'end_of_life':
      return 'wont-fix';
    case undefined:
      return fixedVersions.length > 0 ? 'fixed' : 'unknown';
    default:
      return 'unknown';
  }
}

/** `CVSS: { nvd: { V3Vector, V3Score, V2Vector, V2Score, V40Vector, V40Score } }`. */
function trivyCvss(cvss: JsonObject | undefined): CvssScore[] {
  const scores: CvssScore[] = [];
  for (const [source, value] of Object.entries(cvss ?? {})) {
    const entry = asObject(value);
    if (entry === undefined) continue;
    for (const [prefix, fallbackVersion] of [
      ['V40', '4.0'],
      ['V3', '3.1'],
      ['V2', '2.0'],
    ] as const) {
      const score = asNumber(entry[`${prefix}Score`]);
      if (score === undefined) continue;
      const vector = asString(entry[`${prefix}Vector`]);
      const version = /^CVSS:(\d\.\d)\//.exec(vector ?? '')?.[1] ?? fallbackVersion;
      scores.push({ source, version, score, ...(vector === undefined ? {} : { vector }) });
    }
  }
  return scores;
}
