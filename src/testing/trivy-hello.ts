/**
 * Test-only: what the offline Trivy scans are about. An image of Debian 12's `hello`
 * 2.10-3 (its files and dpkg status from the real package, see sbom-ecosystems.ts), the
 * advisory for it (fixed in 2.10-4) as a trivy-db fixture, and an OpenVEX document saying
 * the image is not affected by it.
 */
import type { BuiltImage } from '../oci/build/index.js';
import { debianPackageFiles } from './sbom-ecosystems.js';
import { imageOfLayers, tarLayer } from './sbom-layers.js';

export const HELLO_CVE = 'CVE-2099-0001';
export const HELLO_FIXED = '2.10-4';

/**
 * A trivy-db bolt fixture (layout: "<os> <major>" > package > advisory; vulnerability >
 * details; data-source) holding HELLO_CVE: HIGH for Debian and NVD (CVSS 3.1 9.1), fixed in
 * HELLO_FIXED.
 */
export const HELLO_TRIVY_DB = `
- bucket: "debian 12"
  pairs:
    - bucket: hello
      pairs:
        - key: ${HELLO_CVE}
          value:
            FixedVersion: "${HELLO_FIXED}"
- bucket: vulnerability
  pairs:
    - key: ${HELLO_CVE}
      value:
        Title: "hello: heap overflow in greeting formatting (test advisory)"
        Description: "A test advisory written by Signet's tests."
        Severity: HIGH
        VendorSeverity:
          debian: 3
          nvd: 3
        CVSS:
          nvd:
            V3Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"
            V3Score: 9.1
        PublishedDate: "2099-01-01T00:00:00Z"
- bucket: data-source
  pairs:
    - key: "debian 12"
      value:
        ID: debian
        Name: Debian Security Tracker
        URL: https://salsa.debian.org/security-tracker-team/security-tracker
`;

/** OpenVEX v0.2.0: `hello` 2.10-3 in the image is not_affected by HELLO_CVE. */
export const HELLO_NOT_AFFECTED_VEX = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/vex/hello',
  author: 'Signet tests',
  timestamp: '2026-12-06T00:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: HELLO_CVE },
      products: [
        { '@id': 'pkg:oci/hello', subcomponents: [{ '@id': 'pkg:deb/debian/hello@2.10-3' }] },
      ],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
    },
  ],
};

/** A one-layer Debian 12.7 image holding the `hello` package, made in `work`. */
export async function helloImage(work: string): Promise<BuiltImage> {
  const files = await debianPackageFiles(work, ['hello']);
  return imageOfLayers([tarLayer([...files, { path: 'etc/debian_version', content: '12.7\n' }])]);
}
