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
  verifyKeylessSignatureLayer,
  type KeylessTrust,
} from '../../signing/keyless/verify-keyless-layer.js';
import {
  createBundleVerifier,
  MAX_BUNDLE_BYTES,
  type BundleVerifier,
  type BundleVerifierOptions,
} from '../../signing/keyless/verify-sigstore-bundle.js';
import type { CompiledAuthority } from '../compile.js';
import { bundleRole, type BundleRole } from './bundle-role.js';

type KeylessAuthority = Extract<CompiledAuthority, { kind: 'keyless' }>;

/** Who signed, once a signature verified. */
export interface KeylessSigner {
  readonly subject: string;
  readonly issuer: string;
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

/** Error codes that mean "this certificate's identity is not that one": try the next identity. */
const IDENTITY_MISMATCH = new Set(['CERTIFICATE_IDENTITY_MISMATCH', 'KEYLESS_IDENTITY_MISMATCH']);

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
  const options: BundleVerifierOptions = { ignoreSct };
  let bundleVerifiers: BundleVerifier[] | undefined;
  const bundles = () =>
    (bundleVerifiers ??= policies.map((policy) =>
      createBundleVerifier(root, { kind: 'identity', policy }, options),
    ));

  // One object for the authority's life: signing/keyless caches its verifier per trust.
  const layerTrust: KeylessTrust = { root, identities: policies, ignoreSct };

  return {
    layer(layer, imageDigest, what) {
      // The layer verifier tries every identity itself (any one suffices).
      try {
        const verified = verifyKeylessSignatureLayer(layer, layerTrust, { imageDigest, what });
        return { ok: true, signer: { subject: verified.subject, issuer: verified.issuer } };
      } catch (error) {
        const message = inPolicyTerms(describeError(error));
        return { ok: false, problem: isSignetError(error) ? message : `${what}: ${message}` };
      }
    },
    bundle(parsed, imageDigest, role) {
      // An unreadable bundle is reported as a failed signature, never as an attestation.
      if (!parsed.ok) return role === 'signature' ? parsed : undefined;
      if (bundleRole(parsed.json) !== role) return undefined;
      const subject = digestSubject(imageDigest);
      const verifiers = bundles();
      return firstIdentity(policies, parsed.what, (_, i) => {
        const verified = verifiers[i]!(parsed.json, subject, parsed.what);
        return { subject: verified.identity ?? '', issuer: verified.issuer ?? '' };
      });
    },
  };
}

/**
 * Tries each identity in turn; a failure other than an identity mismatch fails the same
 * way for every identity (the signature, chain or log is at fault), so it ends the search.
 */
function firstIdentity(
  policies: readonly IdentityPolicy[],
  what: string,
  verify: (policy: IdentityPolicy, index: number) => KeylessSigner,
): KeylessCheck {
  const mismatches: string[] = [];
  for (const [i, policy] of policies.entries()) {
    try {
      return { ok: true, signer: verify(policy, i) };
    } catch (error) {
      const message = inPolicyTerms(describeError(error));
      if (!isSignetError(error) || !IDENTITY_MISMATCH.has(error.code))
        return { ok: false, problem: isSignetError(error) ? message : `${what}: ${message}` };
      mismatches.push(message);
    }
  }
  return { ok: false, problem: [...new Set(mismatches)].join('; ') };
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
