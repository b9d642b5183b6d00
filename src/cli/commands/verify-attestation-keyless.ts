/**
 * Keyless attestations (`--certificate-identity[-regexp]`, `--certificate-oidc-issuer
 * [-regexp]`): a Sigstore bundle is authenticated by signing/keyless, the one bundle
 * verifier (Fulcio chain to the trusted root, SCTs, log entries or timestamps, the
 * identity, and the in-toto subject); the statement checks then run as for keys. The
 * trusted root is `--trusted-root FILE`, else the Sigstore public-good root shipped with
 * @sigstore/tuf. Legacy `.att` layers with certificate annotations are not read this way.
 */
import { isSignetError } from '../../core/errors.js';
import type { AttestationCandidate, AttestationSource } from '../../signing/attest/index.js';
import {
  compileIdentityPolicy,
  createBundleVerifier,
  digestSubject,
  trustedRootFrom,
} from '../../signing/keyless/index.js';
import { readTextFile } from '../read-text-file.js';
import type { BundleIdentityFlags } from '../signing/bundle-verification.js';

export interface KeylessFlags extends BundleIdentityFlags {
  readonly trustedRoot?: string;
  readonly insecureIgnoreTlog?: boolean;
}

export async function keylessAuthenticator(flags: KeylessFlags) {
  const optional = <K extends string>(name: K, value: string | undefined) =>
    (value === undefined ? {} : { [name]: value }) as Partial<Record<K, string>>;
  const identity = {
    ...optional('identity', flags.certificateIdentity),
    ...optional('identityRegexp', flags.certificateIdentityRegexp),
    ...optional('issuer', flags.certificateOidcIssuer),
    ...optional('issuerRegexp', flags.certificateOidcIssuerRegexp),
  };
  const root = trustedRootFrom({
    bundleText: '',
    bundleName: '',
    subject: '',
    ...(flags.trustedRoot === undefined
      ? {}
      : {
          trustedRoot: {
            text: await readTextFile(flags.trustedRoot, { what: 'trusted root' }),
            name: flags.trustedRoot,
          },
        }),
  });
  const verify = createBundleVerifier(
    root,
    { kind: 'identity', policy: compileIdentityPolicy(identity) },
    { ignoreTlog: flags.insecureIgnoreTlog === true },
  );
  return (candidate: AttestationCandidate, subjectDigest: string) => {
    const source = candidate.extra as AttestationSource | undefined;
    if (source?.layout !== 'bundle')
      return {
        refused: 'keyless attestations are read from Sigstore bundles only; this is an .att layer',
      };
    try {
      const result = verify(source.json, digestSubject(subjectDigest), candidate.source);
      return { signer: `${result.identity ?? ''} (${result.issuer ?? 'no issuer'})` };
    } catch (error) {
      if (!isSignetError(error) && !(error instanceof SyntaxError)) throw error;
      return { refused: error.message.replace(`${candidate.source}: `, '') };
    }
  };
}
