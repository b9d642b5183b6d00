/**
 * The trusted root one keyless authority verifies against, as policy-controller assembles
 * it for cosign (pkg/webhook/validator.go, the keyless and ctlog branches):
 *
 * - `keyless.trustRootRef` names the TrustRoot whose certificate authorities, Rekor logs,
 *   CT logs and timestamp authorities are trusted; without it, the Sigstore public-good
 *   root is, and only for the public Fulcio (`url` absent or https://fulcio.sigstore.dev):
 *   Signet cannot fetch a private Fulcio's roots from its URL, so such an authority must
 *   name its TrustRoot;
 * - `keyless.ca-cert` replaces the certificate authorities with the PEM certificates given
 *   (inline, or read from the named Secret);
 * - `ctlog.trustRootRef` takes the Rekor logs from that TrustRoot, and
 *   `rfc3161timestamp.trustRootRef` the timestamp authorities.
 *
 * A missing or unusable TrustRoot or secret fails the authority with a reason; it never
 * falls back to other trust.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { describeError } from '../../core/errors.js';
import { sha256Hex } from '../../core/digest.js';
import { DEFAULT_FULCIO_URL } from '../keyless-types.js';
import {
  certificateAuthoritiesOfPem,
  trustedRootOfTrustRoot,
} from '../keyless/trust-root-material.js';
import type { TrustRootDocument } from '../trust-root-types.js';
import type { AuthoritySpec } from '../types.js';
import type { PolicyEvidence } from './evidence.js';

type KeylessSpecOfAuthority = Extract<AuthoritySpec, { kind: 'keyless' }>;

export type KeylessTrust =
  | { readonly ok: true; readonly root: TrustedRoot }
  | { readonly ok: false; readonly reason: string };

/** Converted TrustRoots, per document object: a compiled set converts each once. */
const converted = new WeakMap<TrustRootDocument, KeylessTrust>();

export async function keylessTrust(
  spec: KeylessSpecOfAuthority,
  trustRoots: ReadonlyMap<string, TrustRootDocument>,
  evidence: PolicyEvidence,
): Promise<KeylessTrust> {
  const { keyless } = spec;
  const named = (ref: string, field: string): KeylessTrust => {
    const document = trustRoots.get(ref);
    if (document === undefined)
      return {
        ok: false,
        reason: `TrustRoot "${ref}" named by ${field} does not exist; create it (kind: TrustRoot) beside the policies`,
      };
    let material = converted.get(document);
    if (material === undefined) {
      material = trustedRootOfTrustRoot(document);
      converted.set(document, material);
    }
    return material;
  };

  let base: KeylessTrust;
  if (keyless.trustRootRef !== undefined) {
    base = named(keyless.trustRootRef, 'keyless.trustRootRef');
  } else if (keyless.caCert === undefined && !isPublicFulcio(keyless.url)) {
    return {
      ok: false,
      reason: `keyless.url ${keyless.url ?? ''} is not the public Fulcio (${DEFAULT_FULCIO_URL}), and no keyless.trustRootRef names its certificate authorities; add a TrustRoot for it, or give ca-cert`,
    };
  } else if (spec.ctlog?.trustRootRef !== undefined && keyless.caCert !== undefined) {
    // The CA comes from ca-cert and the logs from ctlog's TrustRoot: nothing public is used.
    base = named(spec.ctlog.trustRootRef, 'ctlog.trustRootRef');
  } else {
    base = publicGood(evidence);
  }
  if (!base.ok) return base;
  const parts: TrustedRoot[keyof TrustParts][] = [];
  let root: TrustedRoot = base.root;

  if (keyless.caCert !== undefined) {
    const cas = await caCertificates(keyless.caCert, evidence);
    if (!cas.ok) return cas;
    root = { ...root, certificateAuthorities: cas.authorities };
    parts.push(cas.authorities);
  }
  if (spec.ctlog?.trustRootRef !== undefined) {
    const logs = named(spec.ctlog.trustRootRef, 'ctlog.trustRootRef');
    if (!logs.ok) return logs;
    root = { ...root, tlogs: logs.root.tlogs };
    parts.push(logs.root.tlogs);
  }
  if (spec.rfc3161timestamp?.trustRootRef !== undefined) {
    const tsas = named(spec.rfc3161timestamp.trustRootRef, 'rfc3161timestamp.trustRootRef');
    if (!tsas.ok) return tsas;
    root = { ...root, timestampAuthorities: tsas.root.timestampAuthorities };
    parts.push(tsas.root.timestampAuthorities);
  }
  return { ok: true, root: reuse(spec, base.root, parts, root) };
}

type TrustParts = Pick<TrustedRoot, 'certificateAuthorities' | 'tlogs' | 'timestampAuthorities'>;

/**
 * The root assembled last time for this authority when it was assembled from the very same
 * parts (each part is itself cached), so the verifiers built for it are reused: a new
 * object would make every evaluation build them again.
 */
const assembled = new WeakMap<
  KeylessSpecOfAuthority,
  { base: TrustedRoot; parts: readonly unknown[]; root: TrustedRoot }
>();

function reuse(
  spec: KeylessSpecOfAuthority,
  base: TrustedRoot,
  parts: readonly unknown[],
  root: TrustedRoot,
): TrustedRoot {
  const last = assembled.get(spec);
  if (
    last !== undefined &&
    last.base === base &&
    last.parts.length === parts.length &&
    last.parts.every((part, i) => part === parts[i])
  )
    return last.root;
  assembled.set(spec, { base, parts, root });
  return root;
}

/** policy-controller's default URL, with or without a trailing slash. */
function isPublicFulcio(url: string | undefined): boolean {
  return url === undefined || url.replace(/\/+$/, '') === DEFAULT_FULCIO_URL;
}

function publicGood(evidence: PolicyEvidence): KeylessTrust {
  if (evidence.publicGoodTrustedRoot === undefined)
    return {
      ok: false,
      reason:
        'the Sigstore public-good trusted root is not available here; name a TrustRoot with keyless.trustRootRef',
    };
  try {
    return { ok: true, root: evidence.publicGoodTrustedRoot() };
  } catch (error) {
    return {
      ok: false,
      reason: `the Sigstore public-good trusted root cannot be read: ${describeError(error)}`,
    };
  }
}

/** Parsed ca-cert PEM, by its SHA-256: a rotated secret is parsed again, a stable one once. */
const parsedCas = new Map<string, TrustedRoot['certificateAuthorities']>();
const MAX_PARSED_CAS = 64;

async function caCertificates(
  caCert: NonNullable<KeylessSpecOfAuthority['keyless']['caCert']>,
  evidence: PolicyEvidence,
): Promise<
  { ok: true; authorities: TrustedRoot['certificateAuthorities'] } | { ok: false; reason: string }
> {
  let pem: string;
  const what =
    caCert.kind === 'inline' ? 'keyless.ca-cert.data' : `the secret "${caCert.secretName}"`;
  if (caCert.kind === 'inline') pem = caCert.pem;
  else {
    try {
      pem = await evidence.readSecret(caCert.secretName);
    } catch (error) {
      return {
        ok: false,
        reason: `the CA certificates of keyless.ca-cert could not be read from ${what}: ${describeError(error)}`,
      };
    }
  }
  const id = sha256Hex(pem);
  const cached = parsedCas.get(id);
  if (cached !== undefined) return { ok: true, authorities: cached };
  try {
    const authorities = certificateAuthoritiesOfPem(pem, what);
    if (parsedCas.size >= MAX_PARSED_CAS) parsedCas.delete(parsedCas.keys().next().value as string);
    parsedCas.set(id, authorities);
    return { ok: true, authorities };
  } catch (error) {
    return {
      ok: false,
      reason: `${what} does not hold PEM CA certificates: ${describeError(error)}`,
    };
  }
}
