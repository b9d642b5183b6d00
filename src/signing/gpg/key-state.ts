/**
 * Whether the key that made a signature is usable at a given instant. GnuPG reports a
 * signature by a key that is revoked or expired *now* as REVKEYSIG/EXPKEYSIG, and
 * containers/image's gpgme mechanism rejects both (mechanism_gpgme.go: any status other than
 * success), even when the signature was made while the key was still good. openpgp.js only
 * checks the key at the signature's creation time, so Signet adds this check at `now`.
 */
import type * as openpgp from 'openpgp';

export type KeyProblem =
  | { readonly kind: 'revoked'; readonly which: string }
  | { readonly kind: 'expired'; readonly which: string; readonly at: Date }
  | { readonly kind: 'not-for-signing'; readonly which: string };

/** Options for every key-state query: the same strictness as verification. */
export interface KeyStateContext {
  readonly now: Date;
  readonly config: openpgp.Config;
}

/**
 * The first problem found with `signingKeyID` of `key` at `context.now`, or undefined when it
 * is a valid signing key then. Checks the primary key before the subkey, as GnuPG does.
 */
export async function keyProblemAt(
  key: openpgp.PublicKey,
  signingKeyID: openpgp.KeyID,
  context: KeyStateContext,
): Promise<KeyProblem | undefined> {
  const { now, config } = context;
  const primary = `key ${key.getFingerprint().toUpperCase()}`;
  if (await safely(() => key.isRevoked(undefined, undefined, now, config))) {
    return { kind: 'revoked', which: primary };
  }
  const primaryExpiry = await safely(() => key.getExpirationTime(undefined, config));
  if (primaryExpiry instanceof Date && primaryExpiry <= now) {
    return { kind: 'expired', which: primary, at: primaryExpiry };
  }
  const subkey = key.subkeys.find((candidate) => candidate.getKeyID().equals(signingKeyID));
  if (subkey !== undefined) {
    const which = `subkey ${subkey.getFingerprint().toUpperCase()} of ${primary}`;
    if (await safely(() => subkey.isRevoked(undefined as never, undefined as never, now, config))) {
      return { kind: 'revoked', which };
    }
    const expiry = await safely(() => subkey.getExpirationTime(now, config));
    if (expiry instanceof Date && expiry <= now) return { kind: 'expired', which, at: expiry };
  }
  // Catches what the finer checks above do not name: a missing or invalid binding signature,
  // a subkey or primary key without the signing flag, a key created after `now`.
  try {
    await key.getSigningKey(signingKeyID, now, undefined, config);
    return undefined;
  } catch {
    return {
      kind: 'not-for-signing',
      which: subkey === undefined ? primary : `subkey of ${primary}`,
    };
  }
}

async function safely<T>(query: () => Promise<T>): Promise<T | undefined> {
  try {
    return await query();
  } catch {
    return undefined;
  }
}
