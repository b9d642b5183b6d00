/**
 * What `cosign verify` prints on stdout for one image (cmd/cosign/cli/verify/common.go
 * PrintVerification, verify.go transformOutput): a JSON array with one
 * `{critical:{identity:{docker-reference}, image:{docker-manifest-digest}, type}, optional}`
 * object per verified signature, so that one jq filter reads both tools' output.
 *
 * - legacy `.sig` signature: the signed payload's own `critical` and `optional` (null when
 *   the payload has none), with the layer's Rekor bundle added as `optional.Bundle`;
 * - bundle signature: the reference as given for `docker-reference` (cosign uses the name
 *   typed on the command line), the statement's first subject digest, the predicate type as
 *   `type`, and the subject's annotations as `optional` (`{}` when none).
 *
 * Keyless signatures (either layout) get what cosign adds from the certificate
 * (cmd/cosign/cli/verify/common.go): `Subject` (the first SAN), `Issuer` and the same
 * under the OID 1.3.6.1.4.1.57264.1.1, and each GitHub workflow claim under its name
 * (`githubWorkflowTrigger`, ...) and its OID.
 *
 * Go marshals maps with sorted keys; `optional` is sorted the same way.
 */
import type { SignatureOutcome } from '../../signing/index.js';

export interface CosignVerifiedSignature {
  readonly critical: {
    readonly identity: { readonly 'docker-reference': string };
    readonly image: { readonly 'docker-manifest-digest': string };
    readonly type: string;
  };
  readonly optional: Record<string, unknown> | null;
}

/** The array for one image's verified signatures; `givenReference` is the image as typed. */
export function cosignVerifyOutput(
  verified: readonly SignatureOutcome[],
  givenReference: string,
): CosignVerifiedSignature[] {
  return verified.map((s) => {
    const base = s.layout === 'legacy' ? fromPayload(s) : fromStatement(s.payload, givenReference);
    if (s.certificate === undefined) return base;
    return { ...base, optional: sorted({ ...base.optional, ...certificateFields(s.certificate) }) };
  });
}

const GITHUB_CLAIMS = [
  ['trigger', 'githubWorkflowTrigger', '1.3.6.1.4.1.57264.1.2'],
  ['sha', 'githubWorkflowSha', '1.3.6.1.4.1.57264.1.3'],
  ['name', 'githubWorkflowName', '1.3.6.1.4.1.57264.1.4'],
  ['repository', 'githubWorkflowRepository', '1.3.6.1.4.1.57264.1.5'],
  ['ref', 'githubWorkflowRef', '1.3.6.1.4.1.57264.1.6'],
] as const;

function certificateFields(
  certificate: NonNullable<SignatureOutcome['certificate']>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = { Subject: certificate.subject };
  if (certificate.issuer !== '') {
    fields.Issuer = certificate.issuer;
    fields['1.3.6.1.4.1.57264.1.1'] = certificate.issuer;
  }
  for (const [claim, name, oid] of GITHUB_CLAIMS) {
    const value = certificate.githubWorkflow[claim];
    if (value !== undefined && value !== '') {
      fields[name] = value;
      fields[oid] = value;
    }
  }
  return fields;
}

function fromPayload(s: SignatureOutcome): CosignVerifiedSignature {
  const payload = asRecord(s.payload);
  const critical = asRecord(payload.critical);
  const own =
    payload.optional === null || payload.optional === undefined ? null : asRecord(payload.optional);
  const optional = s.rekorBundle === undefined ? own : { ...own, Bundle: s.rekorBundle };
  return {
    critical: {
      identity: { 'docker-reference': text(asRecord(critical.identity)['docker-reference']) },
      image: { 'docker-manifest-digest': text(asRecord(critical.image)['docker-manifest-digest']) },
      type: text(critical.type),
    },
    optional: optional === null ? null : sorted(optional),
  };
}

function fromStatement(statement: unknown, givenReference: string): CosignVerifiedSignature {
  const doc = asRecord(statement);
  const subjects = Array.isArray(doc.subject) ? (doc.subject as unknown[]) : [];
  const subject = asRecord(subjects[0]);
  // cosign takes the subject's digest entry (there is one: sha256) as algorithm:hex.
  const [algorithm, hex] = Object.entries(asRecord(subject.digest))[0] ?? ['', ''];
  return {
    critical: {
      identity: { 'docker-reference': givenReference },
      image: { 'docker-manifest-digest': `${algorithm}:${text(hex)}` },
      type: text(doc.predicateType),
    },
    optional: sorted(asRecord(subject.annotations)),
  };
}

function sorted(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Verified documents are authenticated but still shaped by the signer: read defensively. */
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
