/**
 * Checks the signed attributes both envelope encodings carry, the same way: the signing
 * scheme is known and critical, the time header the scheme needs is present, expiry and
 * authenticSigningTime are critical when present, every critical header is present and
 * understood, and the content type is the Notary payload's.
 */
import { notationError } from './errors.js';
import {
  HEADER,
  KNOWN_CRITICAL,
  SIGNING_SCHEMES,
  type SignedAttributes,
  type SigningScheme,
} from './envelope-types.js';
import { PAYLOAD_CONTENT_TYPE } from './payload.js';

export interface RawAttributes {
  readonly scheme: unknown;
  readonly signingTime: Date | undefined;
  readonly authenticSigningTime: Date | undefined;
  readonly expiry: Date | undefined;
  readonly contentType: unknown;
  readonly critical: unknown;
  /** Names of every signed header present, for the critical check. */
  readonly present: readonly string[];
  readonly extended: Readonly<Record<string, unknown>>;
}

export function checkSignedAttributes(raw: RawAttributes, what: string): SignedAttributes {
  const fail = (problem: string) =>
    notationError('NOTATION_ENVELOPE_INVALID', `${what} ${problem}`);
  const scheme = SIGNING_SCHEMES.find((s) => s === raw.scheme);
  if (scheme === undefined)
    throw fail(
      `has signing scheme ${JSON.stringify(raw.scheme)}; use notary.x509 or notary.x509.signingAuthority`,
    );
  if (raw.contentType !== PAYLOAD_CONTENT_TYPE)
    throw fail(`has content type ${JSON.stringify(raw.contentType)}, not ${PAYLOAD_CONTENT_TYPE}`);
  if (!Array.isArray(raw.critical) || raw.critical.some((c) => typeof c !== 'string'))
    throw fail('has no list of critical headers (crit)');
  const critical = raw.critical as string[];
  const mustBeCritical: string[] = [HEADER.signingScheme];
  if (raw.expiry !== undefined) mustBeCritical.push(HEADER.expiry);
  if (scheme === 'notary.x509.signingAuthority') mustBeCritical.push(HEADER.authenticSigningTime);
  for (const name of mustBeCritical) {
    if (!critical.includes(name)) throw fail(`does not mark ${name} as critical`);
  }
  for (const name of critical) {
    if (!raw.present.includes(name))
      throw fail(`lists critical header ${name} but does not carry it`);
    if (!KNOWN_CRITICAL.has(name))
      throw fail(
        `needs critical header ${name}, which Signet does not understand (verification plugins are not supported)`,
      );
  }
  const signingTime = timeFor(scheme, raw, fail);
  return {
    signingScheme: scheme,
    signingTime,
    ...(raw.expiry === undefined ? {} : { expiry: raw.expiry }),
    contentType: PAYLOAD_CONTENT_TYPE,
    critical,
    extended: raw.extended,
  };
}

function timeFor(
  scheme: SigningScheme,
  raw: RawAttributes,
  fail: (problem: string) => Error,
): Date {
  if (scheme === 'notary.x509') {
    if (raw.signingTime === undefined) throw fail(`has no ${HEADER.signingTime}`);
    if (raw.authenticSigningTime !== undefined)
      throw fail(`carries ${HEADER.authenticSigningTime}, which notary.x509 does not allow`);
    return raw.signingTime;
  }
  if (raw.authenticSigningTime === undefined) throw fail(`has no ${HEADER.authenticSigningTime}`);
  if (raw.signingTime !== undefined)
    throw fail(`carries ${HEADER.signingTime}, which notary.x509.signingAuthority does not allow`);
  return raw.authenticSigningTime;
}
