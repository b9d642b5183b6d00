/**
 * The criteria judged from facts alone: the image reference and configuration, the
 * vulnerability findings and the SBOM. Each returns the violations it finds, in words that
 * name what was found; an empty list means the criterion is not violated. Missing evidence
 * is a violation, never a pass.
 */
import {
  severityRank,
  type VulnerabilityFinding,
  type VulnerabilityReport,
} from '../../signing/sbom/vulnerability.js';
import type { ImageConfigFacts, SecurityEvidence, SecuritySubject } from './evidence.js';
import type { ImageCriterion, SbomCriterion, VulnerabilityCriterion } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Findings quoted one by one; beyond this the rest are counted, so reports stay readable. */
const MAX_LISTED = 20;

export function imageViolations(
  criterion: ImageCriterion,
  subject: SecuritySubject,
  config: ImageConfigFacts | undefined,
  now: Date,
): string[] {
  const out: string[] = [];
  const tag = subject.ref.tag;
  if (
    criterion.latestTag &&
    (tag === 'latest' || (tag === undefined && subject.ref.digest === undefined))
  )
    out.push(`image ${subject.image} uses the "latest" tag`);
  if (criterion.registries.length > 0 && !criterion.registries.includes(subject.ref.registry))
    out.push(`registry ${subject.ref.registry} is not one of ${criterion.registries.join(', ')}`);
  const needsConfig =
    criterion.maxAgeDays !== undefined ||
    criterion.requiredLabels.length > 0 ||
    criterion.runsAsRoot;
  if (!needsConfig) return out;
  if (config === undefined) {
    out.push('the image configuration could not be read, so its age, labels and user are unknown');
    return out;
  }
  if (criterion.maxAgeDays !== undefined) {
    const created = config.created === undefined ? NaN : Date.parse(config.created);
    if (Number.isNaN(created)) out.push('the image configuration has no valid creation time');
    else {
      const days = Math.floor((now.getTime() - created) / DAY_MS);
      if (days > criterion.maxAgeDays)
        out.push(
          `image was created ${days} days ago (${config.created}), more than ${criterion.maxAgeDays}`,
        );
    }
  }
  const missing = criterion.requiredLabels.filter((l) => config.labels[l] === undefined);
  if (missing.length > 0) out.push(`required label(s) missing: ${missing.join(', ')}`);
  if (criterion.runsAsRoot && runsAsRoot(config.user))
    out.push(`image runs as root (config user "${config.user ?? ''}")`);
  return out;
}

/** Empty user means root (OCI config.md: defaults to the runtime's, which is root); `0`, `root`, `0:x`. */
function runsAsRoot(user: string | undefined): boolean {
  const name = (user ?? '').split(':', 1)[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}

/** `report` from `--vuln-report` or a verified attestation; undefined: `missing` says why. */
export function vulnerabilityViolations(
  criterion: VulnerabilityCriterion,
  report: VulnerabilityReport | undefined,
  now: Date,
  missing = 'no vulnerability report was found for the image (give --vuln-report, or name the authorities that sign vuln attestations)',
): string[] {
  if (report === undefined) return [missing];
  const hits = report.findings.filter((f) => findingMatches(criterion, f, now));
  const listed = hits.slice(0, MAX_LISTED).map(describeFinding);
  if (hits.length > MAX_LISTED) listed.push(`and ${hits.length - MAX_LISTED} more findings`);
  return listed;
}

function findingMatches(c: VulnerabilityCriterion, f: VulnerabilityFinding, now: Date): boolean {
  if (c.severityAtLeast !== undefined && severityRank(f.severity) < severityRank(c.severityAtLeast))
    return false;
  if (c.fixable && !(f.fixState === 'fixed' || f.fixedVersions.length > 0)) return false;
  if (c.cvssAtLeast !== undefined && !f.cvss.some((s) => s.score >= c.cvssAtLeast!)) return false;
  if (c.ids.length > 0 && !c.ids.some((id) => id === f.id || f.aliases.includes(id))) return false;
  if (c.publishedMoreThanDays !== undefined) {
    const published = f.publishedAt === undefined ? NaN : Date.parse(f.publishedAt);
    // An unknown date counts as old: a grace period must not hide findings without dates.
    if (!Number.isNaN(published) && now.getTime() - published <= c.publishedMoreThanDays * DAY_MS)
      return false;
  }
  return true;
}

function describeFinding(f: VulnerabilityFinding): string {
  const fix = f.fixedVersions.length > 0 ? `, fixed in ${f.fixedVersions.join(', ')}` : '';
  return `${f.id} (${f.severity}) in ${f.packageName} ${f.installedVersion}${fix}`;
}

export function sbomViolations(criterion: SbomCriterion, evidence: SecurityEvidence): string[] {
  const sbom = evidence.sbom;
  if (sbom === undefined)
    return criterion.required ||
      criterion.forbiddenPackages.length > 0 ||
      criterion.forbiddenLicenses.length > 0
      ? ['no SBOM is attached to the image']
      : [];
  if (criterion.forbiddenPackages.length === 0 && criterion.forbiddenLicenses.length === 0)
    return [];
  if (sbom.packages === undefined)
    return [
      `the SBOM (${sbom.source}) could not be read, so its packages and licences are unknown`,
    ];
  const out: string[] = [];
  for (const p of sbom.packages) {
    if (criterion.forbiddenPackages.includes(p.name))
      out.push(`forbidden package ${p.name}${p.version === undefined ? '' : ` ${p.version}`}`);
    const bad = p.licenses.filter((l) => criterion.forbiddenLicenses.includes(l));
    if (bad.length > 0) out.push(`package ${p.name} has forbidden licence ${bad.join(', ')}`);
    if (out.length >= MAX_LISTED) break;
  }
  return out;
}
