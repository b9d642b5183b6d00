/**
 * Recording signatures in a transparency log while signing (cosign `sign --rekor-url`):
 * a hashedrekord of the payload digest for a legacy `.sig` layer, stored in the layer's
 * `dev.sigstore.cosign/bundle` annotation in cosign's legacy format; a dsse entry of the
 * envelope for a Sigstore bundle, stored in its `verificationMaterial.tlogEntries`.
 * The log is injected (RekorClient satisfies TransparencyLogWriter); openLogWriter opens
 * one with the credentials a log that restricts writes asks for.
 */
import { createHash } from 'node:crypto';
import { encodeDsseEnvelope, type DsseEnvelope } from '../../core/dsse.js';
import { defaultHash, type PrivateKey } from '../../core/keys/index.js';
import type { LogEntryJson } from '../../tlog/entry/index.js';
import { RekorClient, dsseProposal, hashedRekordProposal } from '../../tlog/client/index.js';

export interface TransparencyLogWriter {
  createEntry(
    proposal: unknown,
  ): Promise<{ readonly entryId: string; readonly entry: LogEntryJson }>;
}

/**
 * What a log that restricts writes (`signet serve tlog --write-token-file`, `--client-ca`)
 * asks of a writer, and the CAs to trust its https:// certificate with. Secrets: never
 * put in messages.
 */
export interface LogWriteCredentials {
  readonly bearerToken?: string;
  /** Extra CAs for the log's certificate (PEM). */
  readonly caPem?: string;
  /** A client certificate and its key (PEM), both or neither. */
  readonly clientCertificate?: { readonly certificatePem: string; readonly privateKeyPem: string };
}

export function openLogWriter(url: string, credentials: LogWriteCredentials = {}): RekorClient {
  const { bearerToken, caPem, clientCertificate } = credentials;
  const tls = { ...(caPem === undefined ? {} : { caPem }), ...clientCertificate };
  return new RekorClient(url, {
    ...(bearerToken === undefined ? {} : { bearerToken }),
    ...(Object.keys(tls).length === 0 ? {} : { tls }),
  });
}

/** Where a signature was recorded, for the signer's report. */
export interface LoggedEntry {
  readonly entryId: string;
  readonly logIndex: number;
  readonly integratedTime: number;
  readonly logId: string;
}

export async function logLegacySignature(
  log: TransparencyLogWriter,
  key: PrivateKey,
  payload: Uint8Array,
  signature: Uint8Array,
): Promise<{ annotation: string; logged: LoggedEntry }> {
  // The digest the signature scheme signs: the log verifies the signature over it alone.
  const algorithm = defaultHash(key.kind);
  const { entryId, entry } = await log.createEntry(
    hashedRekordProposal({
      algorithm,
      digestHex: createHash(algorithm).update(payload).digest('hex'),
      signature,
      publicKeyPem: key.publicKey.pem,
    }),
  );
  return { annotation: rekorBundleAnnotation(entry), logged: loggedEntry(entryId, entry) };
}

export async function logDsseEnvelope(
  log: TransparencyLogWriter,
  key: PrivateKey,
  envelope: DsseEnvelope,
): Promise<{ entry: LogEntryJson; logged: LoggedEntry }> {
  const { entryId, entry } = await log.createEntry(
    dsseProposal(encodeDsseEnvelope(envelope), [key.publicKey.pem]),
  );
  return { entry, logged: loggedEntry(entryId, entry) };
}

/**
 * cosign's legacy Rekor bundle (pkg/cosign/bundle/rekor.go RekorBundle), members in
 * cosign's order: {"SignedEntryTimestamp","Payload":{"body","integratedTime","logIndex","logID"}}.
 */
export function rekorBundleAnnotation(entry: LogEntryJson): string {
  return JSON.stringify({
    SignedEntryTimestamp: entry.verification?.signedEntryTimestamp ?? '',
    Payload: {
      body: entry.body,
      integratedTime: entry.integratedTime,
      logIndex: entry.logIndex,
      logID: entry.logID,
    },
  });
}

function loggedEntry(entryId: string, entry: LogEntryJson): LoggedEntry {
  return {
    entryId,
    logIndex: entry.logIndex,
    integratedTime: entry.integratedTime,
    logId: entry.logID,
  };
}
