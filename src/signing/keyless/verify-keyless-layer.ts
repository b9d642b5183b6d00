/**
 * Verifies one keyless cosign signature layer of a legacy `.sig` manifest (cosign
 * specs/SIGNATURE_SPEC.md): the certificate chains to a CA of the trusted root and was
 * valid at signing time, carries a CT log's SCT, signed this payload, the payload is a
 * cosign image signature of `imageDigest`, the Rekor entry (SET) is a trusted log's and
 * logs this signature and certificate, and the certificate's identity satisfies one of the
 * identity policies. Pure and synchronous: bytes, trust material and a clock in; the
 * verified identity out, or a KEYLESS_* error naming what did not match.
 *
 * The cryptographic checks are @sigstore/verify's, on the layer converted to the bundle
 * v0.1 it is equivalent to (legacy-layer-bundle.ts), under Signet's strict DER checks.
 * "Create once, verify many": the compiled verifier is cached per trust object.
 */
import { X509Certificate } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type SignedEntity } from '@sigstore/verify';
import { errorFactory, SignetError } from '../../core/errors.js';
import { COSIGN_SIGNATURE_TYPE, type SignatureLayer } from '../cosign/signature-layer.js';
import { parseSimpleSigningPayload, type SimpleSigningPayload } from '../cosign/simple-signing.js';
import { KEYLESS_ERRORS } from './errors.js';
import {
  identityMismatch,
  type GithubWorkflowClaims,
  type IdentityPolicy,
} from './identity-policy.js';
import { legacyLayerBundle } from './legacy-layer-bundle.js';
import { createBundleVerifier, type BundleVerifier } from './verify-sigstore-bundle.js';
import { signerIdentity, signingTimeOf, type SigningTime } from './signer-identity.js';
import { checkCertificatesStrictly } from './strict-certificates.js';
import { checkTimestampsStrictly } from './strict-timestamps.js';

const fail = errorFactory(KEYLESS_ERRORS);

export interface KeylessTrust {
  /** Fulcio (or private) CAs, CT logs, transparency logs and TSAs. */
  readonly root: TrustedRoot;
  /** The signer must satisfy one of these (policy-controller's `identities` are any-of). */
  readonly identities: readonly IdentityPolicy[];
  /** cosign `--insecure-ignore-tlog`: no log entry needed; signing time from a TSA or now. */
  readonly ignoreTlog?: boolean;
  /** cosign `--insecure-ignore-sct`: no SCT needed (private CAs without a CT log). */
  readonly ignoreSct?: boolean;
  /** The clock for signatures with no log entry or timestamp; default the system clock. */
  readonly now?: () => Date;
}

export interface KeylessLayerContext {
  /** The image digest the payload must sign. */
  readonly imageDigest: string;
  /** Names the layer in messages, e.g. `registry/app:sha256-….sig layer 1`. */
  readonly what: string;
}

export interface KeylessSignature {
  /** The certificate's SAN (email, URI, ...) and OIDC issuer ("" without the extension). */
  readonly subject: string;
  readonly issuer: string;
  /** Fulcio's GitHub workflow claims the certificate carries (cosign prints them). */
  readonly githubWorkflow: GithubWorkflowClaims;
  readonly signingTime: Date;
  readonly signingTimeSource: SigningTime['source'];
  /** The verified Rekor entry's (global) index; absent when no entry was verified. */
  readonly logIndex?: number;
  readonly payload: SimpleSigningPayload;
  /** The leaf certificate, PEM. */
  readonly certificatePem: string;
}

const compiled = new WeakMap<KeylessTrust, Verifier>();

function verifierFor(trust: KeylessTrust): Verifier {
  let verifier = compiled.get(trust);
  if (verifier === undefined) {
    verifier = new Verifier(toTrustMaterial(trust.root), {
      tlogThreshold: trust.ignoreTlog === true ? 0 : 1,
      ctlogThreshold: trust.ignoreSct === true ? 0 : 1,
      timestampThreshold: 1,
    });
    compiled.set(trust, verifier);
  }
  return verifier;
}

/**
 * The Sigstore bundle verifier for the same trust as the layers: any one of the identities
 * suffices, with the same log and SCT waivers. Compiling the trusted root is the costly
 * part, so callers build it once per trust and keep it.
 */
export function keylessBundleVerifier(trust: KeylessTrust): BundleVerifier {
  return createBundleVerifier(
    trust.root,
    { kind: 'identity', policy: trust.identities },
    {
      ...(trust.ignoreTlog === true ? { ignoreTlog: true } : {}),
      ...(trust.ignoreSct === true ? { ignoreSct: true } : {}),
    },
  );
}

export function verifyKeylessSignatureLayer(
  layer: SignatureLayer,
  trust: KeylessTrust,
  context: KeylessLayerContext,
): KeylessSignature {
  const { what } = context;
  const converted = legacyLayerBundle(layer, what);
  if (converted.logIndex === undefined && trust.ignoreTlog !== true) {
    throw fail(
      'KEYLESS_TLOG_MISSING',
      `${what}: carries no transparency-log entry (dev.sigstore.cosign/bundle); one is required unless --insecure-ignore-tlog`,
    );
  }
  const bundle = readBundle(converted.bundle, what, trust.ignoreTlog === true);
  strictly(() => {
    checkCertificatesStrictly(bundle, what);
    checkTimestampsStrictly(bundle, what);
  });
  const entity = withVerificationTime(toSignedEntity(bundle, Buffer.from(layer.payload)), trust);
  let time: SigningTime;
  try {
    time = signingTimeOf(entity);
  } catch (error) {
    // @sigstore/core reads a timestamp token's fields lazily and crashes on a misshapen one.
    throw fail('KEYLESS_TIMESTAMP_INVALID', `${what}: an RFC 3161 timestamp is unreadable`, {
      cause: error,
    });
  }
  checkValidity(converted.leaf, time, what);
  let signer: ReturnType<Verifier['verify']>;
  try {
    signer = verifierFor(trust).verify(entity);
  } catch (error) {
    throw sigstoreFailure(error, what);
  }
  const found = signerIdentity(signer);
  const problems = trust.identities.map((policy) => identityMismatch(policy, found));
  if (!problems.some((p) => p === undefined)) {
    throw fail('KEYLESS_IDENTITY_MISMATCH', `${what}: ${problems.join('; and ')}`, {
      details: { subject: found.identity ?? null, issuer: found.issuer ?? null },
    });
  }
  let payload: SimpleSigningPayload;
  try {
    payload = parseSimpleSigningPayload(layer.payload, what);
  } catch (error) {
    throw fail('KEYLESS_SIGNATURE_INVALID', `${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (payload.type !== COSIGN_SIGNATURE_TYPE || payload.manifestDigest !== context.imageDigest) {
    throw fail(
      'KEYLESS_SIGNATURE_INVALID',
      `${what}: signs ${payload.manifestDigest} (type ${JSON.stringify(payload.type.slice(0, 100))}), not the image digest ${context.imageDigest}`,
    );
  }
  return {
    subject: found.identity ?? '',
    issuer: found.issuer ?? '',
    githubWorkflow: found.githubWorkflow ?? {},
    signingTime: time.at,
    signingTimeSource: time.source,
    ...(trust.ignoreTlog === true || converted.logIndex === undefined
      ? {}
      : { logIndex: converted.logIndex }),
    payload,
    certificatePem: new X509Certificate(converted.leaf).toString(),
  };
}

/** The strict DER checks raise bundle codes; for a layer they are a malformed annotation. */
function strictly(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof SignetError && error.code === 'SIGSTORE_BUNDLE_UNREADABLE') {
      throw fail('KEYLESS_LAYER_MALFORMED', error.message, { cause: error });
    }
    throw error;
  }
}

function readBundle(json: Record<string, unknown>, what: string, ignoreTlog: boolean): Bundle {
  // --insecure-ignore-tlog: the entry is not checked, so it must not vouch for a time either.
  const material = json.verificationMaterial as Record<string, unknown>;
  const input = ignoreTlog
    ? { ...json, verificationMaterial: { ...material, tlogEntries: [] } }
    : json;
  try {
    return bundleFromJSON(input);
  } catch (error) {
    throw fail('KEYLESS_LAYER_MALFORMED', `${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Without a log entry or an RFC 3161 timestamp (only under --insecure-ignore-tlog), the
 * certificate is judged at verification time, as cosign does. @sigstore/verify checks the
 * chain at each timestamp it is given, so the verification time is handed to it as one;
 * it is not a log entry (tlogEntries stays empty) and is never reported as a log index.
 */
function withVerificationTime(entity: SignedEntity, trust: KeylessTrust): SignedEntity {
  if (entity.timestamps.length > 0) return entity;
  const now = Math.floor((trust.now ?? (() => new Date()))().getTime() / 1000);
  const clock = {
    logIndex: '0',
    logId: { keyId: Buffer.from('verification-time') },
    integratedTime: String(now),
    inclusionPromise: { signedEntryTimestamp: Buffer.alloc(0) },
  } as unknown as Bundle['verificationMaterial']['tlogEntries'][number];
  return { ...entity, timestamps: [{ $case: 'transparency-log', tlogEntry: clock }] };
}

/** An expired (or not yet valid) certificate, said plainly before the chain is checked. */
function checkValidity(leaf: Uint8Array, time: SigningTime, what: string): void {
  const certificate = new X509Certificate(leaf);
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (time.at < from || time.at > to) {
    throw fail(
      'KEYLESS_CERTIFICATE_EXPIRED',
      `${what}: the signing certificate is valid from ${from.toISOString()} to ${to.toISOString()}, not at the signing time ${time.at.toISOString()} (${time.description})`,
    );
  }
}

const SIGSTORE_CODES: Readonly<Record<string, keyof typeof KEYLESS_ERRORS>> = {
  CERTIFICATE_ERROR: 'KEYLESS_CERTIFICATE_UNTRUSTED',
  SIGNATURE_ERROR: 'KEYLESS_SIGNATURE_INVALID',
  TIMESTAMP_ERROR: 'KEYLESS_TIMESTAMP_INVALID',
};

/** Plainer words for @sigstore/verify's failures a user meets most. */
function explain(code: string, message: string): string {
  if (code === 'SIGNATURE_ERROR')
    return "the signature does not verify with the certificate's key over this payload";
  if (code === 'TLOG_INCLUSION_PROMISE_ERROR')
    return 'the signed entry timestamp does not verify with any trusted log key valid at its integration time (unknown log, or an altered entry)';
  if (code === 'CERTIFICATE_ERROR' && /SCTs/u.test(message))
    return `the certificate carries no SCT from a trusted CT log (${message}); for a private CA without CT, pass --insecure-ignore-sct`;
  return message;
}

function sigstoreFailure(error: unknown, what: string): SignetError {
  if (error instanceof SignetError) return error;
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  const ours =
    SIGSTORE_CODES[code] ?? (code.startsWith('TLOG') ? 'KEYLESS_TLOG_INVALID' : undefined);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ` (${cause.message})` : '';
  const explained = explain(code, `${(error as Error).message}${detail}`);
  return fail(
    ours ?? 'KEYLESS_CERTIFICATE_UNTRUSTED',
    `${what}: ${code === '' ? '' : `${code}: `}${explained}`,
    { cause: error },
  );
}
