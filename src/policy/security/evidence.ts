/**
 * What a SecurityPolicy evaluation is handed: the registry evidence the ClusterImagePolicy
 * engine reads lazily (signatures, attestations), and facts gathered beforehand (image
 * configuration, vulnerability findings, SBOM). Everything here came from the image's
 * producer or its registry: attacker-controlled unless a criterion verifies it.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import type { VulnerabilityReport } from '../../signing/sbom/vulnerability.js';
import type { PolicyEvidence } from '../evaluate/index.js';
import type { ResourceKind } from '../match-resource.js';
import type { LifecycleStage } from './types.js';

/** The image configuration fields policies read (OCI image spec config.md). */
export interface ImageConfigFacts {
  readonly created?: string;
  readonly user?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface SbomPackage {
  readonly name: string;
  readonly version?: string;
  readonly licenses: readonly string[];
}

export interface SbomFacts {
  /** Where it was found: `referrer sha256:…`, `tag sha256-….sbom`, `attestation …`. */
  readonly source: string;
  /** The packages it lists; undefined when its format was not read. */
  readonly packages?: readonly SbomPackage[];
}

export interface SecurityEvidence {
  readonly registry: PolicyEvidence;
  /** Undefined when the image has no readable configuration. */
  readonly config?: ImageConfigFacts;
  /** Undefined when no report was given or attached: vulnerability criteria then fail. */
  readonly vulnerabilities?: VulnerabilityReport;
  /** Undefined when no SBOM is attached. */
  readonly sbom?: SbomFacts;
}

export interface SecuritySubject {
  /** The reference as written. */
  readonly image: string;
  readonly ref: ImageReference;
  /** The manifest digest the image resolves to. */
  readonly digest: string;
  readonly stage: LifecycleStage;
  /** Deploy stage only: where the workload runs. */
  readonly cluster?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly kind?: ResourceKind;
}
