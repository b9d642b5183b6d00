/**
 * `applyOpenVex`: removes the findings an OpenVEX document (https://github.com/openvex/spec,
 * v0.2.0, and the earlier v0.0.1 with plain-string vulnerabilities and products) says do not
 * affect the product. A statement applies to a finding when its vulnerability (`name`,
 * `@id` or `aliases`) names the finding's ID or one of its aliases, and either it names
 * packages (product or subcomponent package URLs) of which one is the finding's package
 * (type, namespace and name equal; versions equal when both give one; qualifiers ignored),
 * or it names only the image (`pkg:oci/…`, a digest, a reference), in which case the
 * statement covers that vulnerability in every package of the scanned image: the caller
 * hands in the VEX documents meant for this image. When several statements apply, the
 * latest by timestamp wins (spec section "Statement" ordering), then the last written.
 * `not_affected` and `fixed` suppress; `affected` and `under_investigation` keep.
 * Pure.
 */
import { sbomError } from './errors.js';
import {
  asArray,
  asObject,
  asString,
  decodeReportJson,
  stringsOf,
  type JsonObject,
} from './report-json.js';
import { parsePurlIdentity, samePackage, type PurlIdentity } from './purl-identity.js';
import type { VulnerabilityFinding, VulnerabilityReport } from './vulnerability.js';

const STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
type VexStatus = (typeof STATUSES)[number];

interface VexStatement {
  /** Upper-cased, as vulnerability identifiers compare case-insensitively. */
  vulnerabilities: string[];
  /** Parsed once here rather than for every finding the statement is tried against. */
  packages: PurlIdentity[];
  status: VexStatus;
  justification: string;
  timestamp: number;
  order: number;
}

export function applyOpenVex(
  report: VulnerabilityReport,
  vex: Uint8Array,
  source: string,
): VulnerabilityReport {
  const statements = readOpenVex(vex, source);
  const findings: VulnerabilityFinding[] = [];
  const suppressed = [...report.suppressed];
  for (const finding of report.findings) {
    const deciding = statements
      .filter((statement) => applies(statement, finding))
      .sort((a, b) => a.timestamp - b.timestamp || a.order - b.order)
      .at(-1);
    if (
      deciding !== undefined &&
      (deciding.status === 'not_affected' || deciding.status === 'fixed')
    ) {
      suppressed.push({ finding, justification: deciding.justification });
    } else {
      findings.push(finding);
    }
  }
  return { ...report, findings, suppressed };
}

function applies(statement: VexStatement, finding: VulnerabilityFinding): boolean {
  const ids = [finding.id, ...finding.aliases].map((id) => id.toUpperCase());
  if (!statement.vulnerabilities.some((name) => ids.includes(name))) return false;
  if (statement.packages.length === 0) return true;
  return statement.packages.some((purl) => samePackage(purl, finding));
}

function readOpenVex(bytes: Uint8Array, source: string): VexStatement[] {
  const decoded = decodeReportJson(bytes);
  const document = decoded.ok ? asObject(decoded.value) : undefined;
  const fail = (what: string) =>
    sbomError(
      'SBOM_REPORT_VEX_INVALID',
      `${source} is not an OpenVEX document Signet can apply: ${what}`,
      {
        details: { source },
      },
    );
  if (document === undefined) throw fail(decoded.ok ? 'it is not a JSON object' : decoded.reason);
  const context = asString(document['@context']);
  if (context === undefined || !context.startsWith('https://openvex.dev/ns')) {
    throw fail('its @context is not an https://openvex.dev/ns version');
  }
  const statements = asArray(document.statements);
  if (statements === undefined) throw fail('statements is not an array');
  const documentTime = timeOf(document.timestamp);
  return statements.map((item, index) => {
    const statement = asObject(item);
    if (statement === undefined) throw fail(`statements[${index}] is not an object`);
    const vulnerabilities = vulnerabilityNames(statement.vulnerability);
    if (vulnerabilities.length === 0)
      throw fail(`statements[${index}].vulnerability names no vulnerability`);
    const status = STATUSES.find((known) => known === statement.status);
    if (status === undefined) {
      throw fail(`statements[${index}].status is not one of ${STATUSES.join(', ')}`);
    }
    return {
      vulnerabilities: vulnerabilities.map((name) => name.toUpperCase()),
      packages: packageIdentifiers(statement),
      status,
      justification: justificationOf(statement, status),
      timestamp: timeOf(statement.timestamp) ?? documentTime ?? 0,
      order: index,
    };
  });
}

/** v0.2.0: `{ name, "@id", aliases }`; v0.0.1: a string. */
function vulnerabilityNames(value: unknown): string[] {
  const text = asString(value);
  if (text !== undefined) return [text];
  const object = asObject(value);
  if (object === undefined) return [];
  return [asString(object.name), asString(object['@id']), ...stringsOf(object.aliases)].flatMap(
    (name) => (name === undefined ? [] : [name]),
  );
}

/** Package URLs among the products and their subcomponents; image identifiers are left out. */
function packageIdentifiers(statement: JsonObject): PurlIdentity[] {
  const identifiers: string[] = [];
  const visit = (value: unknown) => {
    const text = asString(value) ?? asString(asObject(value)?.['@id']);
    if (text !== undefined) identifiers.push(text);
    const identifiersField = asObject(asObject(value)?.identifiers);
    const purl = asString(identifiersField?.purl);
    if (purl !== undefined) identifiers.push(purl);
    for (const sub of asArray(asObject(value)?.subcomponents) ?? []) visit(sub);
  };
  for (const product of asArray(statement.products) ?? []) visit(product);
  for (const sub of asArray(statement.subcomponents) ?? []) visit(sub);
  return identifiers.flatMap((identifier) => {
    const purl = parsePurlIdentity(identifier);
    return purl !== undefined && purl.type !== 'oci' && purl.type !== 'docker' ? [purl] : [];
  });
}

function justificationOf(statement: JsonObject, status: VexStatus): string {
  const parts = [
    status,
    asString(statement.justification),
    asString(statement.impact_statement),
    asString(statement.status_notes),
  ].filter((part): part is string => part !== undefined);
  return parts.join(': ');
}

function timeOf(value: unknown): number | undefined {
  const text = asString(value);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}
