/**
 * Verifies one signature (a cosign legacy layer or a Sigstore bundle) against a keyless
 * authority: the certificate chains to the trusted root's certificate authorities and was
 * valid at the signing time, the signature is logged in a trusted transparency log (cosign
 * requires a log entry for keyless signatures, and policy-controller defaults `ctlog` to
 * the public Rekor), an SCT is present unless `insecureIgnoreSCT`, and the certificate's
 * identity matches one of the authority's identities (cosign CheckOpts.Identities: any one
 * suffices). The cryptography is signing/keyless's; this file only picks the identities.
 *
 * "Create once, verify many": the bundle verifiers of an authority and trusted root are
 * built once and reused while both live.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { describeError, isSignetError } from '../../core/errors.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { digestSubject } from '../../signing/keyless/bundle-subject.js';
import { chainBundleAsLeaf } from '../../signing/keyless/chain-bundle-leaf.js';
import type { IdentityPolicy } from '../../signing/keyless/identity-policy.js';
import {
  keylessBundleVerifier,
  verifyKeylessSignatureLayer,
  type KeylessTrust,
} from '../../signing/keyless/verify-keyless-layer.js';
import {
  MAX_BUNDLE_BYTES,
  type BundleVerifier,
} from '../../signing/keyless/verify-sigstore-bundle.js';
import type { CompiledAuthority } from '../compile.js';
import { bundleRole, type BundleRole } from './bundle-role.js';

type KeylessAuthority = Extract<CompiledAuthority, { kind: 'keyless' }>;

/** Who signed, once a signature verified. */
export interface KeylessSigner {
  readonly subject: string;
  readonly issuer: string;
  /** The index of the Rekor entry verified with the signature (keyless requires one). */
  readonly logIndex?: number;
}

export type KeylessCheck =
  | { readonly ok: true; readonly signer: KeylessSigner }
  | { readonly ok: false; readonly problem: string };

export interface KeylessVerifiers {
  /** One `.sig` layer, as cosign writes it for a certificate (legacy layout). */
  layer(layer: SignatureLayer, imageDigest: string, what: string): KeylessCheck;
  /**
   * One Sigstore bundle, as attached as a referrer (bundle layout): a signature or an
   * attestation (bundle-role.ts; a DSSE statement's subject must name the image).
   * Undefined for a bundle of the other role, which is skipped: an attestation never
   * counts as a signature, nor a signature as an attestation.
   */
  bundle(bundle: ParsedBundle, imageDigest: string, role: BundleRole): KeylessCheck | undefined;
}

/** A bundle's JSON, read once for the signature and the attestation checks. */
export type ParsedBundle =
  | { readonly ok: true; readonly json: unknown; readonly what: string }
  | { readonly ok: false; readonly problem: string };

export function parseBundle(bytes: Uint8Array, what: string): ParsedBundle {
  if (bytes.length > MAX_BUNDLE_BYTES)
    return { ok: false, problem: `${what}: larger than ${MAX_BUNDLE_BYTES} bytes` };
  try {
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return { ok: true, json: chainBundleAsLeaf(json), what };
  } catch {
    return { ok: false, problem: `${what}: not JSON` };
  }
}

const cache = new WeakMap<KeylessAuthority, { root: TrustedRoot; verifiers: KeylessVerifiers }>();

export function keylessVerifiers(authority: KeylessAuthority, root: TrustedRoot): KeylessVerifiers {
  const hit = cache.get(authority);
  if (hit !== undefined && hit.root === root) return hit.verifiers;
  const verifiers = createKeylessVerifiers(authority, root);
  cache.set(authority, { root, verifiers });
  return verifiers;
}

function createKeylessVerifiers(authority: KeylessAuthority, root: TrustedRoot): KeylessVerifiers {
  const ignoreSct = authority.spec.keyless.insecureIgnoreSCT;
  const policies: IdentityPolicy[] = authority.identities.map((identity) => ({
    identity: identity.subject,
    issuer: identity.issuer,
  }));
  // One object for the authority's life: signing/keyless caches its verifier per trust.
  const trust: KeylessTrust = { root, identities: policies, ignoreSct };
  // Built on the first bundle (legacy-layout authorities never need it), then kept.
  let bundleVerifier: BundleVerifier | undefined;
  const bundles = () => (bundleVerifier ??= keylessBundleVerifier(trust));

  return {
    layer(layer, imageDigest, what) {
      return checked(what, () => {
        const verified = verifyKeylessSignatureLayer(layer, trust, { imageDigest, what });
        return {
          subject: verified.subject,
          issuer: verified.issuer,
          ...(verified.logIndex === undefined ? {} : { logIndex: verified.logIndex }),
        };
      });
    },
    bundle(parsed, imageDigest, role) {
      // An unreadable bundle is reported as a failed signature, never as an attestation.
      if (!parsed.ok) return role === 'signature' ? parsed : undefined;
      if (bundleRole(parsed.json) !== role) return undefined;
      const subject = digestSubject(imageDigest);
      return checked(parsed.what, () => {
        const verified = bundles()(parsed.json, subject, parsed.what);
        const logIndex = verified.tlogEntries > 0 ? firstLogIndex(parsed.json) : undefined;
        return {
          subject: verified.identity ?? '',
          issuer: verified.issuer ?? '',
          ...(logIndex === undefined ? {} : { logIndex }),
        };
      });
    },
  };
}

/**
 * The index of a verified bundle's first log entry (protobuf JSON: int64 as a decimal
 * string). Read only after the bundle verifier checked every entry against the trusted logs.
 */
function firstLogIndex(json: unknown): number | undefined {
  const entries = (json as { verificationMaterial?: { tlogEntries?: unknown } })
    .verificationMaterial?.tlogEntries;
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  const raw = (entries[0] as { logIndex?: unknown } | null)?.logIndex;
  const index = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
  return typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

/** A verification's signer, or its failure in the policy's terms. */
function checked(what: string, verify: () => KeylessSigner): KeylessCheck {
  try {
    return { ok: true, signer: verify() };
  } catch (error) {
    const message = inPolicyTerms(describeError(error));
    return { ok: false, problem: isSignetError(error) ? message : `${what}: ${message}` };
  }
}

/**
 * signing/keyless words its hints for the command line (cosign's flags); a policy author
 * needs the policy's field instead, and a keyless authority cannot waive the log entry.
 */
const CLI_HINTS: readonly [RegExp, string][] = [
  [/pass --insecure-ignore-sct\b/g, 'set keyless.insecureIgnoreSCT: true'],
  [/; one is required unless --insecure-ignore-tlog\b/g, '; keyless authorities require one'],
];

function inPolicyTerms(message: string): string {
  return CLI_HINTS.reduce((text, [hint, field]) => text.replace(hint, field), message);
}
