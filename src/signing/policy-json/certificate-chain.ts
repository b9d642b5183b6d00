/**
 * The certificate checks of sigstoreSigned `fulcio` and `pki` (containers/image
 * signature/fulcio_cert.go and pki_cert.go), which call Go's x509.Certificate.Verify with
 * code-signing key usage: a chain from the leaf through intermediates to one of the roots,
 * every certificate valid at the given time (for Fulcio the SET's integrated time, for PKI
 * now), intermediates marked as CAs, and the extended key usage of every certificate
 * allowing code signing (a certificate without the extension allows anything).
 * Name constraints and path lengths are not checked. Certificates are attacker-controlled.
 */
import type { X509Certificate } from 'node:crypto';

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ANY_USAGE = '2.5.29.37.0';
/** Go limits chain building too; Fulcio chains are two certificates deep. */
const MAX_DEPTH = 8;

export interface ChainRequest {
  readonly leaf: X509Certificate;
  /** Untrusted (from the signature) and trusted (from the policy) intermediates. */
  readonly intermediates: readonly X509Certificate[];
  readonly roots: readonly X509Certificate[];
  readonly at: Date;
}

/** Why no chain to a root exists, or undefined when one does. */
export function codeSigningChainProblem(request: ChainRequest): string | undefined {
  const { leaf, at } = request;
  const own = problemOf(leaf, at);
  if (own !== undefined) return `the leaf certificate ${own}`;
  return walk(leaf, request, 0, new Set([leaf.fingerprint256]));
}

function walk(
  child: X509Certificate,
  request: ChainRequest,
  depth: number,
  seen: Set<string>,
): string | undefined {
  const issuedBy = (candidate: X509Certificate) => {
    try {
      return child.checkIssued(candidate) && child.verify(candidate.publicKey);
    } catch {
      return false;
    }
  };
  const roots = request.roots.filter(issuedBy);
  let last: string | undefined;
  for (const root of roots) {
    const problem = problemOf(root, request.at);
    if (problem === undefined) return undefined;
    last = `the trusted root ${root.subject.replace(/\n/g, ', ')} ${problem}`;
  }
  if (depth >= MAX_DEPTH) return last ?? 'the certificate chain is too long';
  for (const intermediate of request.intermediates.filter(issuedBy)) {
    if (seen.has(intermediate.fingerprint256)) continue;
    const name = intermediate.subject.replace(/\n/g, ', ');
    const problem = intermediate.ca ? problemOf(intermediate, request.at) : 'is not a CA';
    if (problem !== undefined) {
      last = `the intermediate certificate ${name} ${problem}`;
      continue;
    }
    const above = walk(
      intermediate,
      request,
      depth + 1,
      new Set([...seen, intermediate.fingerprint256]),
    );
    if (above === undefined) return undefined;
    last = above;
  }
  return last ?? 'the certificate is not issued by a trusted certificate authority';
}

function problemOf(certificate: X509Certificate, at: Date): string | undefined {
  const from = Date.parse(certificate.validFrom);
  const to = Date.parse(certificate.validTo);
  const time = at.getTime();
  if (!(time >= from && time <= to)) {
    return `is not valid at ${at.toISOString()} (valid ${new Date(from).toISOString()} to ${new Date(to).toISOString()})`;
  }
  const usages = certificate.keyUsage;
  if (usages !== undefined && usages.length > 0) {
    if (!usages.includes(CODE_SIGNING) && !usages.includes(ANY_USAGE))
      return 'does not allow code signing (extended key usage)';
  }
  return undefined;
}

/** The rfc822Name entries of the subject alternative name, as Go's EmailAddresses lists them. */
export function emailAddressesOf(certificate: X509Certificate): string[] {
  const text = certificate.subjectAltName ?? '';
  const emails: string[] = [];
  for (const match of text.matchAll(/(?:^|, )email:("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    const value = match[1]!;
    emails.push(value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  return emails;
}
