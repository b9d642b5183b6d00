/**
 * Test-only: keyless cosign signature layers made as cosign makes them (simple-signing
 * payload signed by a leaf of a generated private CA, a hashedrekord of the payload's
 * SHA-256 and the certificate recorded in Signet's own log, cosign's legacy Rekor bundle
 * annotation), and the trusted root naming that CA and that log.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { encodeBase64 } from '../core/base64.js';
import { CosignAnnotation, CosignMediaType, type SignatureLayer } from '../signing/cosign/index.js';
import { buildSimpleSigningPayload } from '../signing/cosign/simple-signing.js';
import { rekorBundleAnnotation } from '../signing/sign/transparency-log.js';
import { RekorClient, hashedRekordProposal } from '../tlog/client/index.js';
import { customTrustedRoot } from '../signing/trust/index.js';
import type { KeylessLeaf, KeylessPki } from './keyless-pki.js';

export const IMAGE_DIGEST = `sha256:${'ab'.repeat(32)}`;

export interface LayerOptions {
  readonly digest?: string;
  /** Record the signature in this log (its URL); no log entry when absent. */
  readonly logUrl?: string;
}

export async function keylessLayer(
  leaf: KeylessLeaf,
  pki: KeylessPki,
  options: LayerOptions = {},
): Promise<SignatureLayer> {
  const payload = buildSimpleSigningPayload({
    dockerReference: 'registry.example/app',
    manifestDigest: options.digest ?? IMAGE_DIGEST,
  });
  const signature = sign('sha256', payload, {
    key: createPrivateKey(leaf.privateKeyPem),
    dsaEncoding: 'der',
  });
  const annotations: Record<string, string> = {
    [CosignAnnotation.Signature]: encodeBase64(signature),
    [CosignAnnotation.Certificate]: leaf.certificatePem,
    [CosignAnnotation.Chain]: pki.chainPem,
  };
  if (options.logUrl !== undefined) {
    const { entry } = await new RekorClient(options.logUrl).createEntry(
      hashedRekordProposal({
        algorithm: 'sha256',
        digestHex: createHash('sha256').update(payload).digest('hex'),
        signature,
        publicKeyPem: leaf.certificatePem,
      }),
    );
    annotations[CosignAnnotation.Bundle] = rekorBundleAnnotation(entry);
  }
  return { mediaType: CosignMediaType.SimpleSigning, payload, annotations };
}

/** The private CA's root and, when given, the log's key (fetched from the log). */
export async function trustedRootFor(pki: KeylessPki, logUrl?: string): Promise<TrustedRoot> {
  const logKeys =
    logUrl === undefined
      ? []
      : [{ key: createPublicKey(await (await fetch(`${logUrl}/api/v1/log/publicKey`)).text()) }];
  return customTrustedRoot({
    roots: { pem: pki.rootPem, source: 'root.pem' },
    intermediates: { pem: pki.intermediatePem, source: 'chain.pem' },
    logKeys,
    ...(logUrl === undefined ? {} : { logUrl }),
  });
}
