/**
 * Error codes of SBOM generation and of the scanner reports Signet reads (Trivy JSON,
 * Grype JSON, SARIF 2.1, cosign's `vuln` predicate, OpenVEX). Messages name the file or
 * image the bytes came from and the format they were read as.
 */
import { errorFactory } from '../../core/errors.js';

export const SBOM_ERRORS = {
  SBOM_REPORT_UNRECOGNISED: {
    category: 'usage',
    summary:
      'A vulnerability report is not JSON, or is JSON in none of the formats Signet reads (Trivy JSON, Grype JSON, SARIF 2.1, cosign vuln predicate).',
  },
  SBOM_REPORT_INVALID: {
    category: 'usage',
    summary:
      'A vulnerability report was recognised but a field has the wrong type or a required field is missing, or it exceeds the size, depth or value limits.',
  },
  SBOM_REPORT_VEX_INVALID: {
    category: 'usage',
    summary:
      'An OpenVEX document is not JSON, lacks its @context or statements, or a statement has no vulnerability or an unknown status.',
  },
  SBOM_LAYER_INVALID: {
    category: 'verification',
    summary:
      'An image layer is not a readable tar stream: the gzip data is corrupt or truncated, or a tar header is malformed.',
  },
  SBOM_LAYER_TOO_LARGE: {
    category: 'verification',
    summary:
      'An image layer exceeds a reading limit (uncompressed bytes, number of entries, header size); the layer may be a decompression or tar bomb.',
  },
  SBOM_LAYER_UNSUPPORTED: {
    category: 'usage',
    summary:
      'An image layer has a media type Signet cannot read (for example zstd compression on Node 20) or the image is not a container image.',
  },
  SBOM_DOCUMENT_INVALID: {
    category: 'usage',
    summary:
      'A file given to `signet attach sbom` is not the SBOM type named by --type (CycloneDX JSON or XML, SPDX JSON or tag-value).',
  },
  SBOM_NOT_FOUND: {
    category: 'not-found',
    summary:
      'No SBOM (of the type asked for) is attached to the image, as a referrer or a cosign .sbom tag.',
  },
  SBOM_PLATFORM_NOT_FOUND: {
    category: 'not-found',
    summary: 'The image index has no manifest for the platform asked for with --platform.',
  },
} as const;

export const sbomError = errorFactory(SBOM_ERRORS);
