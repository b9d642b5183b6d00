/**
 * Whether one sigstore signature layer satisfies a sigstoreSigned requirement
 * (containers/image signature/policy_eval_sigstore.go isSignatureAccepted), in its order:
 * 1. the layer carries `dev.cosignproject.cosign/signature`;
 * 2. keys: with Rekor keys, the `dev.sigstore.cosign/bundle` SET must record one of the
 *    keys (re-encoded PEM), this signature and payload; without Rekor keys the bundle is
 *    not read at all;
 *    fulcio: the SET must record the signature's certificate, which must chain to the CA
 *    at the SET's integrated time, carry the OIDC issuer and the subject email;
 *    pki: the certificate must chain to the roots (with policy and signature
 *    intermediates) now, and carry the subject email and/or hostname;
 * 3. the signature verifies with the key(s) so found; 4. the payload names this manifest
 *    digest; 5. its docker-reference satisfies signedIdentity.
 * The last certificate of the `dev.sigstore.cosign/chain` annotation is taken to be the
 * root and is not used as an intermediate, as containers/image does.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { CosignAnnotation, type SignatureLayer } from '../cosign/index.js';
import { codeSigningChainProblem, emailAddressesOf } from './certificate-chain.js';
import type { CompiledSigstoreTrust } from './compile-sigstore.js';
import { fulcioIssuerOf } from './fulcio-issuer.js';
import { readCertificateList } from './pem-material.js';
import { verifyRekorSet } from './rekor-set.js';
import {
  parseSigstorePayload,
  verifiesWithSha256Verifier,
  type SigstoreClaim,
} from './sigstore-payload.js';

export type LayerJudgement =
  { ok: true; claim: SigstoreClaim; signer: string } | { ok: false; reason: string };

export function judgeSigstoreLayer(
  trust: CompiledSigstoreTrust,
  layer: SignatureLayer,
  now: Date,
): LayerJudgement {
  const no = (reason: string): LayerJudgement => ({ ok: false, reason });
  const annotations = layer.annotations;
  const base64Signature = annotations[CosignAnnotation.Signature];
  if (base64Signature === undefined) return no(`missing ${CosignAnnotation.Signature} annotation`);
  const signed = { base64Signature, payload: layer.payload };
  let keys: { key: KeyObject; signer: string }[];
  switch (trust.kind) {
    case 'keys': {
      keys = trust.keys.map((k, i) => ({ key: k.keyObject, signer: `public key ${i + 1}` }));
      if (trust.rekorKeys === undefined) break;
      const set = annotations[CosignAnnotation.Bundle];
      if (set === undefined)
        return no(`missing ${CosignAnnotation.Bundle} annotation (a Rekor SET is required)`);
      const failures: string[] = [];
      const logged = keys.find(({ key }) => {
        const pem = key.export({ format: 'pem', type: 'spki' }).toString();
        const outcome = verifyRekorSet(trust.rekorKeys!, set, {
          ...signed,
          keyOrCertificatePem: pem,
        });
        if (!outcome.ok) failures.push(outcome.reason);
        return outcome.ok;
      });
      if (logged === undefined)
        return no(`no public key verified against the Rekor SET: ${failures.join(', ')}`);
      keys = [logged];
      break;
    }
    case 'fulcio': {
      const set = annotations[CosignAnnotation.Bundle];
      if (set === undefined)
        return no(`missing ${CosignAnnotation.Bundle} annotation (a Rekor SET is required)`);
      const certificate = annotations[CosignAnnotation.Certificate];
      if (certificate === undefined)
        return no(`missing ${CosignAnnotation.Certificate} annotation`);
      const outcome = verifyRekorSet(trust.rekorKeys, set, {
        ...signed,
        keyOrCertificatePem: certificate,
      });
      if (!outcome.ok) return no(outcome.reason);
      const leaf = leafAndChain(certificate, annotations[CosignAnnotation.Chain], []);
      if (typeof leaf === 'string') return no(leaf);
      const chain = codeSigningChainProblem({
        ...leaf,
        roots: trust.roots,
        at: outcome.integratedTime,
      });
      if (chain !== undefined) return no(`verifying the Fulcio certificate failed: ${chain}`);
      const issuer = fulcioIssuerOf(leaf.leaf.raw);
      if (!issuer.ok) return no(issuer.reason);
      if (issuer.issuer !== trust.oidcIssuer)
        return no(
          `unexpected Fulcio OIDC issuer ${JSON.stringify(issuer.issuer)}, ${JSON.stringify(trust.oidcIssuer)} is required`,
        );
      const emails = emailAddressesOf(leaf.leaf);
      if (!emails.includes(trust.subjectEmail))
        return no(
          `required email ${JSON.stringify(trust.subjectEmail)} not found (got ${JSON.stringify(emails)})`,
        );
      keys = [{ key: leaf.leaf.publicKey, signer: `Fulcio certificate for ${trust.subjectEmail}` }];
      break;
    }
    case 'pki': {
      const certificate = annotations[CosignAnnotation.Certificate];
      if (certificate === undefined)
        return no(`missing ${CosignAnnotation.Certificate} annotation`);
      const leaf = leafAndChain(
        certificate,
        annotations[CosignAnnotation.Chain],
        trust.intermediates,
      );
      if (typeof leaf === 'string') return no(leaf);
      const chain = codeSigningChainProblem({ ...leaf, roots: trust.roots, at: now });
      if (chain !== undefined) return no(`verifying the certificate failed: ${chain}`);
      const subject = pkiSubjectProblem(leaf.leaf, trust.subjectEmail, trust.subjectHostname);
      if (subject !== undefined) return no(subject);
      keys = [
        {
          key: leaf.leaf.publicKey,
          signer: `certificate ${leaf.leaf.subject.replace(/\n/g, ', ')}`,
        },
      ];
      break;
    }
  }
  const signature = Buffer.from(base64Signature, 'base64');
  if (signature.toString('base64') !== base64Signature.replace(/\s/g, ''))
    return no('the signature annotation is not base64');
  const signer = keys.find(({ key }) => verifiesWithSha256Verifier(key, layer.payload, signature));
  if (signer === undefined) return no('cryptographic signature verification failed');
  const claim = parseSigstorePayload(layer.payload);
  return claim.ok ? { ok: true, claim: claim.claim, signer: signer.signer } : no(claim.reason);
}

function leafAndChain(
  certificatePem: string,
  chainPem: string | undefined,
  trustedIntermediates: readonly X509Certificate[],
): { leaf: X509Certificate; intermediates: X509Certificate[] } | string {
  let leaves: X509Certificate[];
  let chain: X509Certificate[];
  try {
    leaves = readCertificateList(certificatePem, 'the certificate annotation');
    chain =
      chainPem === undefined || chainPem === ''
        ? []
        : readCertificateList(chainPem, 'the chain annotation');
  } catch (error) {
    return (error as Error).message;
  }
  if (leaves.length === 0) return 'no certificate found in the certificate annotation';
  if (leaves.length > 1) return 'more than one certificate in the certificate annotation';
  return { leaf: leaves[0]!, intermediates: [...trustedIntermediates, ...chain.slice(0, -1)] };
}

function pkiSubjectProblem(
  leaf: X509Certificate,
  email: string | undefined,
  hostname: string | undefined,
): string | undefined {
  if (email !== undefined) {
    const emails = emailAddressesOf(leaf);
    if (!emails.includes(email))
      return `required email ${JSON.stringify(email)} not found (got ${JSON.stringify(emails)})`;
  }
  if (hostname !== undefined) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    const matched =
      /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':')
        ? leaf.checkIP(host) !== undefined
        : leaf.checkHost(hostname, { subject: 'never' }) !== undefined;
    if (!matched)
      return `unexpected subject hostname: the certificate is not valid for ${JSON.stringify(hostname)}`;
  }
  return undefined;
}
