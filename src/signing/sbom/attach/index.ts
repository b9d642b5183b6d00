/** SBOMs attached to images as OCI referrers (and read from cosign's `.sbom` tags). */
export {
  attachSbom,
  fetchAttachedSboms,
  sbomMediaType,
  SBOM_TYPES,
  MAX_SBOM_BYTES,
  type AttachedSbom,
  type SbomType,
} from './sbom-referrer.js';
