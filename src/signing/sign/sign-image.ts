/**
 * Signs images in either layout: cosign's legacy `.sig` tag (simple-signing payload,
 * one layer per signature) or cosign v3's Sigstore bundle referrer (DSSE in-toto
 * statement, predicate sign/v1). A tag is resolved to its digest first: a signature always
 * names exactly one manifest. With `recursive`, an index and each manifest it lists are signed.
 */
import type { PrivateKey } from '../../core/keys/index.js';
import type { Descriptor } from '../../oci/manifest/index.js';
import { formatReference, repositoryOf, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { SIGN_PREDICATE_TYPE, buildSignStatement } from '../bundle/index.js';
import { CosignAnnotation, CosignMediaType, buildSimpleSigningPayload } from '../cosign/index.js';
import type { SignatureLocation, WriteOptions } from '../remote/index.js';
import { encodeBase64 } from '../../core/base64.js';
import { cosignSignature } from './cosign-signature.js';
import {
  appendLegacyLayer,
  fetchSubject,
  legacyTag,
  pushDsseBundleReferrer,
  signAndRecordDsse,
  signatureTargets,
} from './signature-push.js';
import {
  logLegacySignature,
  type LoggedEntry,
  type TransparencyLogWriter,
} from './transparency-log.js';

export type SignatureLayout = 'legacy' | 'bundle';

export interface SignImageOptions {
  /** `-a k=v`: the payload's `optional` (legacy) or the statement subject's annotations (bundle). */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly recursive?: boolean;
  readonly signatureRepository?: SignatureLocation;
  /** Default `legacy`: what every cosign-compatible verifier reads today. */
  readonly layout?: SignatureLayout;
  readonly write?: WriteOptions;
  readonly now?: () => Date;
  /** Record each signature in this transparency log before pushing it (`--tlog-url`). */
  readonly transparencyLog?: TransparencyLogWriter;
}

export interface SignedImage {
  /** `registry/repo@sha256:…` of what was signed. */
  readonly reference: string;
  readonly digest: string;
  readonly layout: SignatureLayout;
  /** Where the signature went: the `.sig` tag, or the referrer manifest by digest. */
  readonly pushedTo: string;
  readonly pushedDigest: string;
  /** Legacy only: this exact signature was already present, nothing was written. */
  readonly alreadyPresent: boolean;
  /** The transparency-log entry made for the signature, with a log. */
  readonly tlogEntry?: LoggedEntry;
}

/** Signs `ref` (tag or digest) with `key`. Returns one entry per manifest signed. */
export async function signImage(
  client: RegistryClient,
  ref: ImageReference,
  key: PrivateKey,
  options: SignImageOptions = {},
): Promise<SignedImage[]> {
  const { fetched, subject: root } = await fetchSubject(client, ref);
  const targets = [root];
  if (options.recursive === true && fetched.parsed.kind === 'index')
    targets.push(...fetched.parsed.manifest.manifests);
  const out: SignedImage[] = [];
  for (const target of targets) out.push(await signOne(client, ref, target, key, options));
  return out;
}

async function signOne(
  client: RegistryClient,
  ref: ImageReference,
  subject: Descriptor,
  key: PrivateKey,
  options: SignImageOptions,
): Promise<SignedImage> {
  const { image, store } = signatureTargets(ref, subject.digest, options.signatureRepository);
  const annotations = options.annotations ?? {};
  const base = { reference: formatReference(image), digest: subject.digest };
  if ((options.layout ?? 'legacy') === 'bundle') {
    const signed = await signAndRecordDsse(
      key,
      buildSignStatement(subject.digest, annotations),
      options.transparencyLog,
    );
    const pushed = await pushDsseBundleReferrer(
      client,
      store,
      subject,
      key,
      signed,
      SIGN_PREDICATE_TYPE,
      options.now,
    );
    return {
      ...base,
      layout: 'bundle',
      ...pushed,
      alreadyPresent: false,
      ...(signed.recorded === undefined ? {} : { tlogEntry: signed.recorded.logged }),
    };
  }
  // docker-reference is the repository without tag, as cosign writes it (anchors B1).
  const payload = buildSimpleSigningPayload({
    dockerReference: repositoryOf(image),
    manifestDigest: subject.digest,
    annotations,
  });
  const signature = cosignSignature(key, payload);
  const recorded =
    options.transparencyLog === undefined
      ? undefined
      : await logLegacySignature(options.transparencyLog, key, payload, signature);
  const pushed = await appendLegacyLayer(
    client,
    legacyTag(store, subject.digest, 'sig'),
    payload,
    {
      mediaType: CosignMediaType.SimpleSigning,
      annotations: {
        [CosignAnnotation.Signature]: encodeBase64(signature),
        ...(recorded === undefined ? {} : { [CosignAnnotation.Bundle]: recorded.annotation }),
      },
    },
    options.write,
  );
  return {
    ...base,
    layout: 'legacy',
    ...pushed,
    ...(recorded === undefined ? {} : { tlogEntry: recorded.logged }),
  };
}
