/**
 * Attests images in either layout, as cosign does: a DSSE envelope over an in-toto
 * statement whose subject is the image digest, appended as one layer of the
 * `sha256-<hex>.att` manifest (cosign v2; layer media type
 * application/vnd.dsse.envelope.v1+json, annotations `predicateType` and an empty
 * `dev.cosignproject.cosign/signature`), or wrapped in a Sigstore bundle pushed as an OCI
 * referrer (cosign v3). With a log, the envelope is recorded as a Rekor `dsse` entry,
 * cosign's default `--rekor-entry-type`, and the entry kept with the attestation.
 */
import type { PrivateKey } from '../../core/keys/index.js';
import { formatReference, repositoryOf, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import { CosignAnnotation, CosignMediaType } from '../cosign/index.js';
import type { SignatureLocation, WriteOptions } from '../remote/index.js';
import { buildStatement, parseStatement, statementError, subjectFor } from '../intoto/index.js';
import {
  rekorBundleAnnotation,
  type LoggedEntry,
  type TransparencyLogWriter,
} from '../sign/transparency-log.js';
import type { SignatureLayout } from '../sign/index.js';
import {
  appendLegacyLayer,
  fetchSubject,
  legacyTag,
  pushDsseBundleReferrer,
  signAndRecordDsse,
  signatureTargets,
} from '../sign/signature-push.js';
import { removeAttestationLayers } from './replace-layers.js';

/** The `.att` layer annotation cosign writes with the predicate type (unsigned: a hint). */
export const PREDICATE_TYPE_ANNOTATION = 'predicateType';

export interface AttestImageOptions {
  readonly predicateType: string;
  readonly predicate: unknown;
  /**
   * A statement made elsewhere (`--statement FILE`), signed as it is instead of one built
   * from the predicate; some subject must name the image's digest. `what` names the file.
   */
  readonly statement?: { readonly bytes: Uint8Array; readonly what: string };
  /** Default `legacy`, as `signet sign`. */
  readonly layout?: SignatureLayout;
  /** `-a k=v`: annotations of the statement's subject. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Legacy layout: drop the `.att` layers of the same predicate type first (cosign --replace). */
  readonly replace?: boolean;
  readonly signatureRepository?: SignatureLocation;
  readonly transparencyLog?: TransparencyLogWriter;
  readonly write?: WriteOptions;
  readonly now?: () => Date;
}

export interface AttestedImage {
  readonly reference: string;
  readonly digest: string;
  readonly layout: SignatureLayout;
  readonly predicateType: string;
  /** The `.att` tag, or the referrer manifest by digest. */
  readonly pushedTo: string;
  readonly pushedDigest: string;
  /** Legacy `--replace`: layers of the same predicate type removed. */
  readonly replaced: number;
  readonly tlogEntry?: LoggedEntry;
}

/** `ref` must be pinned by digest; the statement names exactly that manifest. */
export async function attestImage(
  client: RegistryClient,
  ref: ImageReference & { digest: string },
  key: PrivateKey,
  options: AttestImageOptions,
): Promise<AttestedImage> {
  const { subject } = await fetchSubject(client, ref);
  const { image, store } = signatureTargets(ref, subject.digest, options.signatureRepository);
  const { statement, predicateType } =
    options.statement !== undefined
      ? givenStatement(options.statement.bytes, options.statement.what, subject.digest)
      : {
          statement: buildStatement(
            [
              {
                name: repositoryOf(image),
                digest: subject.digest,
                ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
              },
            ],
            options.predicateType,
            options.predicate,
          ),
          predicateType: options.predicateType,
        };
  const signed = await signAndRecordDsse(key, statement, options.transparencyLog);
  const { recorded } = signed;
  const base = {
    reference: formatReference(image),
    digest: subject.digest,
    predicateType,
    ...(recorded === undefined ? {} : { tlogEntry: recorded.logged }),
  };
  if ((options.layout ?? 'legacy') === 'bundle') {
    const pushed = await pushDsseBundleReferrer(
      client,
      store,
      subject,
      key,
      signed,
      predicateType,
      options.now,
    );
    return { ...base, layout: 'bundle', ...pushed, replaced: 0 };
  }
  const tagRef = legacyTag(store, subject.digest, 'att');
  const replaced =
    options.replace === true ? await removeAttestationLayers(client, tagRef, predicateType) : 0;
  const pushed = await appendLegacyLayer(
    client,
    tagRef,
    new TextEncoder().encode(encodeDsseEnvelope(signed.envelope)),
    {
      mediaType: CosignMediaType.DsseEnvelope,
      annotations: {
        [CosignAnnotation.Signature]: '',
        [PREDICATE_TYPE_ANNOTATION]: predicateType,
        ...(recorded === undefined
          ? {}
          : { [CosignAnnotation.Bundle]: rekorBundleAnnotation(recorded.entry) }),
      },
    },
    options.write,
  );
  return {
    ...base,
    layout: 'legacy',
    pushedTo: pushed.pushedTo,
    pushedDigest: pushed.pushedDigest,
    replaced,
  };
}

/**
 * A given statement, refused unless well formed and about `digest` (never re-pointed);
 * parsed once, for the check and for the predicate type it declares.
 */
function givenStatement(
  bytes: Uint8Array,
  what: string,
  digest: string,
): { statement: Uint8Array; predicateType: string } {
  const parsed = parseStatement(bytes, what);
  if (subjectFor(parsed, digest) === undefined)
    throw statementError(what, { reason: 'subject', digest });
  return { statement: bytes, predicateType: parsed.predicateType };
}
