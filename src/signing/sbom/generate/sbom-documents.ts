/**
 * An image catalog written as CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/)
 * or SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/). Each package carries its
 * purl, licences where recorded, and where it was found (layer digest and path): as
 * CycloneDX properties `signet:layer` and `signet:path`, and in SPDX's `sourceInfo`.
 */
import { randomUUID } from 'node:crypto';
import type { ImageCatalog } from './image-sbom.js';

export type SbomFormat = 'cyclonedx-json' | 'spdx-json';
export const SBOM_FORMATS: readonly SbomFormat[] = ['cyclonedx-json', 'spdx-json'];

export interface SbomTool {
  name: string;
  version: string;
}

/** A licence string that is a plain SPDX-style identifier or an AND/OR/WITH expression of them. */
const SPDX_EXPRESSION = /^\(?[A-Za-z0-9.+-]+(?:\s+(?:AND|OR|WITH)\s+\(?[A-Za-z0-9.+-]+\)?)*\)?$/;

export function cycloneDxDocument(catalog: ImageCatalog, tool: SbomTool, now: Date): unknown {
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: tool.name, version: tool.version }] },
      component: {
        'bom-ref': 'image',
        type: 'container',
        name: catalog.repository,
        version: catalog.digest,
        ...(catalog.platform === undefined
          ? {}
          : { properties: [{ name: 'signet:platform', value: platformText(catalog) }] }),
      },
    },
    components: catalog.packages.map((pkg, index) => ({
      'bom-ref': `package-${index + 1}`,
      type: 'library',
      name: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      ...(pkg.licenses.length === 0
        ? {}
        : {
            licenses: pkg.licenses.map((license) =>
              / (AND|OR|WITH) /.test(license) && SPDX_EXPRESSION.test(license)
                ? { expression: license }
                : { license: { name: license } },
            ),
          }),
      properties: [
        { name: 'signet:package:type', value: pkg.ecosystem },
        { name: 'signet:layer', value: pkg.layer },
        { name: 'signet:path', value: `/${pkg.path}` },
      ],
    })),
    dependencies: [
      { ref: 'image', dependsOn: catalog.packages.map((_, index) => `package-${index + 1}`) },
    ],
  };
}

export function spdxDocument(catalog: ImageCatalog, tool: SbomTool, now: Date): unknown {
  const imageId = 'SPDXRef-Image';
  const packages = catalog.packages.map((pkg, index) => {
    const declared =
      pkg.licenses.length === 1 && SPDX_EXPRESSION.test(pkg.licenses[0]!)
        ? pkg.licenses[0]!
        : 'NOASSERTION';
    return {
      name: pkg.name,
      SPDXID: `SPDXRef-Package-${pkg.ecosystem}-${index + 1}`,
      versionInfo: pkg.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: declared,
      ...(pkg.licenses.length > 0 && declared === 'NOASSERTION'
        ? { licenseComments: `as recorded: ${pkg.licenses.join('; ')}` }
        : {}),
      copyrightText: 'NOASSERTION',
      sourceInfo: `found in layer ${pkg.layer} at /${pkg.path}`,
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl },
      ],
    };
  });
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${catalog.repository}@${catalog.digest}`,
    documentNamespace: `https://signet.dev/spdx/${encodeURIComponent(catalog.repository)}/${randomUUID()}`,
    creationInfo: {
      created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: ${tool.name}-${tool.version}`],
    },
    packages: [
      {
        name: catalog.repository,
        SPDXID: imageId,
        versionInfo: catalog.digest,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        primaryPackagePurpose: 'CONTAINER',
        ...(catalog.platform === undefined ? {} : { comment: `platform ${platformText(catalog)}` }),
      },
      ...packages,
    ],
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: imageId,
      },
      ...packages.map((pkg) => ({
        spdxElementId: imageId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: pkg.SPDXID,
      })),
    ],
  };
}

function platformText(catalog: ImageCatalog): string {
  const p = catalog.platform!;
  return [p.os, p.architecture, p.variant].filter((part) => part !== undefined).join('/');
}
