/**
 * What a verified signing certificate and its timestamps say: the identity checked by an
 * IdentityPolicy (SAN, OIDC issuer from either Fulcio extension, GitHub workflow claims)
 * and the signing time the certificate was judged at.
 */
import type { SignedEntity, Signer } from '@sigstore/verify';
import {
  GITHUB_WORKFLOW_OIDS,
  type FoundIdentity,
  type GithubWorkflowClaims,
} from './identity-policy.js';

export interface SigningTime {
  readonly at: Date;
  /** Where the time comes from: a Rekor integrated time, a TSA, or the verifier's clock. */
  readonly source: 'tlog' | 'rfc3161' | 'verification-time';
  /** For messages: "log entry 12 integrated time". */
  readonly description: string;
}

export function signerIdentity(signer: Signer): FoundIdentity {
  const byOid = new Map(
    (signer.identity?.oids ?? []).map((pair) => [
      (pair.oid?.id ?? []).join('.'),
      Buffer.from(pair.value).toString('utf8'),
    ]),
  );
  const github: GithubWorkflowClaims = {};
  for (const [claim, oid] of Object.entries(GITHUB_WORKFLOW_OIDS)) {
    const value = byOid.get(oid);
    if (value !== undefined) github[claim as keyof GithubWorkflowClaims] = value;
  }
  const identity = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  return {
    ...(identity === undefined ? {} : { identity }),
    ...(issuer === undefined ? {} : { issuer }),
    githubWorkflow: github,
  };
}

/**
 * The earliest time the entity's timestamps vouch for: @sigstore/verify checks the chain
 * at every one of them, so the earliest is the one an expired certificate fails first.
 */
export function signingTimeOf(entity: SignedEntity): SigningTime {
  const times = entity.timestamps.map((t): SigningTime => {
    if (t.$case === 'timestamp-authority') {
      return { at: t.timestamp.signingTime, source: 'rfc3161', description: 'RFC 3161 timestamp' };
    }
    const at = new Date(Number(t.tlogEntry.integratedTime) * 1000);
    const clock = Buffer.from(t.tlogEntry.logId?.keyId ?? []).toString() === 'verification-time';
    return clock
      ? {
          at,
          source: 'verification-time',
          description: 'verification time: no log entry or timestamp',
        }
      : {
          at,
          source: 'tlog',
          description: `log entry ${String(t.tlogEntry.logIndex)} integrated time`,
        };
  });
  const earliest = times.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  if (earliest === undefined) throw new Error('signingTimeOf: no timestamps');
  return earliest;
}
