/**
 * Signs one image a run declared and attests its SLSA v1 provenance, as `signet sign` and
 * `signet attest --provenance` would: the signature (cosign's layout by default) and an
 * in-toto statement whose predicate is built from the run (spec and params as external
 * parameters, step images and the `CHAINS-GIT_URL`/`CHAINS-GIT_COMMIT` source as resolved
 * dependencies, results as byproducts, UID and times as metadata), both recorded in the
 * transparency log before they are pushed.
 */
import type { PrivateKey } from '../core/keys/index.js';
import type { ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import {
  SLSA_PROVENANCE_V1,
  attestImage,
  validateSlsaV1Provenance,
} from '../signing/attest/index.js';
import {
  buildProvenancePredicate,
  provenanceFromTektonRun,
} from '../signing/attest/provenance/index.js';
import { signImage, type SignatureLayout } from '../signing/sign/index.js';
import type { TransparencyLogWriter } from '../signing/sign/index.js';
import { entryUrl } from './annotations.js';
import { chainsError } from './errors.js';
import { runName, type RunObject } from './run-object.js';

export interface RunSigner {
  readonly key: PrivateKey;
  readonly registry: RegistryClient;
  readonly log: TransparencyLogWriter;
  /** Base URL of the log, for the entry URLs written on runs. */
  readonly logUrl: string;
  readonly layout?: SignatureLayout;
}

/** The provenance predicate of a run, checked against the SLSA v1 schema. */
export function runProvenance(run: RunObject): Record<string, unknown> {
  const made = provenanceFromTektonRun(run.raw, runName(run));
  if ('problem' in made) throw chainsError('CHAINS_RUN_INVALID', made.problem);
  const predicate = buildProvenancePredicate(made.input);
  const problems = validateSlsaV1Provenance(predicate);
  if (problems.length > 0)
    throw chainsError(
      'CHAINS_RESULT_INVALID',
      `${runName(run)}: its provenance is not SLSA v1 (${problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.problem}`)
        .join('; ')}); the run is not signed`,
    );
  return predicate;
}

/** Returns the URLs of the two log entries made. */
export async function signRunImage(
  signer: RunSigner,
  image: ImageReference & { digest: string },
  predicate: Record<string, unknown>,
): Promise<{ signature: string; provenance: string }> {
  const layout = signer.layout ?? 'legacy';
  const [signed] = await signImage(signer.registry, image, signer.key, {
    layout,
    transparencyLog: signer.log,
  });
  const attested = await attestImage(signer.registry, image, signer.key, {
    predicateType: SLSA_PROVENANCE_V1,
    predicate,
    layout,
    transparencyLog: signer.log,
  });
  const url = (index: number | undefined) =>
    index === undefined ? '' : entryUrl(signer.logUrl, index);
  return {
    signature: url(signed?.tlogEntry?.logIndex),
    provenance: url(attested.tlogEntry?.logIndex),
  };
}
