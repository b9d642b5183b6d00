import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { SignetError } from '../../core/errors.js';
import { CosignAnnotation, type SignatureLayer } from '../cosign/index.js';
import { createKeylessPki, type KeylessPki } from '../../testing/keyless-pki.js';
import { IMAGE_DIGEST, keylessLayer, trustedRootFor } from '../../testing/keyless-signatures.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../tlog/server/index.js';
import { createTimestampAuthority } from '../../testing/rfc3161-authority.js';
import { customTrustedRoot, mergeTrustedRoots } from '../trust/index.js';
import { compileIdentityPolicy } from './identity-policy.js';
import { verifyKeylessSignatureLayer, type KeylessTrust } from './verify-keyless-layer.js';

const IDENTITY = 'builder@example.com';
const ISSUER = 'https://issuer.example';
const WHAT = 'app.sig layer 1';

let pki: KeylessPki;
let log: RunningTlogServer;
let root: TrustedRoot;
let signed: SignatureLayer;

function trust(extra: Partial<KeylessTrust> = {}): KeylessTrust {
  return {
    root,
    identities: [compileIdentityPolicy({ identity: IDENTITY, issuer: ISSUER })],
    ignoreSct: true,
    ...extra,
  };
}

function verify(layer: SignatureLayer, t: KeylessTrust = trust(), digest = IMAGE_DIGEST) {
  return verifyKeylessSignatureLayer(layer, t, { imageDigest: digest, what: WHAT });
}

function refused(code: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof SignetError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    assert.match(error.message, /^app\.sig layer 1: /);
    return true;
  };
}

function withAnnotation(layer: SignatureLayer, name: string, value?: string): SignatureLayer {
  const annotations = { ...layer.annotations };
  if (value === undefined) delete annotations[name];
  else annotations[name] = value;
  return { ...layer, annotations };
}

describe('verifyKeylessSignatureLayer', () => {
  before(async () => {
    pki = await createKeylessPki();
    log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
    root = await trustedRootFor(pki, log.url);
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    signed = await keylessLayer(leaf, pki, { logUrl: log.url });
  });
  after(() => log.close());

  it('verifies a signature by a private CA recorded in the log, reporting who and when', () => {
    const result = verify(signed);
    assert.equal(result.subject, IDENTITY);
    assert.equal(result.issuer, ISSUER);
    assert.equal(result.signingTimeSource, 'tlog');
    assert.equal(typeof result.logIndex, 'number');
    const bundle = JSON.parse(signed.annotations[CosignAnnotation.Bundle]!) as {
      Payload: { integratedTime: number; logIndex: number };
    };
    assert.equal(result.logIndex, bundle.Payload.logIndex);
    assert.equal(result.signingTime.getTime(), bundle.Payload.integratedTime * 1000);
    assert.equal(result.payload.manifestDigest, IMAGE_DIGEST);
    assert.match(result.certificatePem, /BEGIN CERTIFICATE/);
  });

  it('accepts the signer when any one of several identities matches', () => {
    const identities = [
      compileIdentityPolicy({ identity: 'other@example.com', issuer: ISSUER }),
      compileIdentityPolicy({ identityRegexp: '^builder@', issuerRegexp: 'issuer\\.example$' }),
    ];
    assert.equal(verify(signed, trust({ identities })).subject, IDENTITY);
  });

  it('refuses another identity, naming the one found and the one expected', () => {
    const identities = [compileIdentityPolicy({ identity: 'alice@example.com', issuer: ISSUER })];
    assert.throws(
      () => verify(signed, trust({ identities })),
      refused(
        'KEYLESS_IDENTITY_MISMATCH',
        /certificate identity "builder@example\.com" does not match "alice@example\.com"/,
      ),
    );
  });

  it('refuses another OIDC issuer, naming it', () => {
    const identities = [
      compileIdentityPolicy({ identity: IDENTITY, issuer: 'https://accounts.google.com' }),
    ];
    assert.throws(
      () => verify(signed, trust({ identities })),
      refused(
        'KEYLESS_IDENTITY_MISMATCH',
        /OIDC issuer "https:\/\/issuer\.example" does not match/,
      ),
    );
  });

  it('checks GitHub workflow claims when asked, naming the one that differs', async () => {
    const leaf = await pki.issue({
      identity: 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
      github: { trigger: 'push', repository: 'org/repo', ref: 'refs/heads/main' },
    });
    const layer = await keylessLayer(leaf, pki, { logUrl: log.url });
    const policy = (repository: string) =>
      compileIdentityPolicy({
        identityRegexp: '^https://github\\.com/org/repo/',
        issuer: 'https://token.actions.githubusercontent.com',
        githubWorkflow: { trigger: 'push', repository },
      });
    assert.equal(
      verify(layer, trust({ identities: [policy('org/repo')] })).issuer,
      'https://token.actions.githubusercontent.com',
    );
    assert.throws(
      () => verify(layer, trust({ identities: [policy('org/other')] })),
      refused(
        'KEYLESS_IDENTITY_MISMATCH',
        /GitHub workflow repository "org\/repo" does not match "org\/other"/,
      ),
    );
  });

  it('refuses a certificate that had expired when the log integrated the entry', async () => {
    const leaf = await pki.issue({
      identity: IDENTITY,
      issuer: ISSUER,
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() - 1_800_000),
    });
    const layer = await keylessLayer(leaf, pki, { logUrl: log.url });
    assert.throws(
      () => verify(layer),
      refused(
        'KEYLESS_CERTIFICATE_EXPIRED',
        /not at the signing time .* \(log entry \d+ integrated time\)/,
      ),
    );
  });

  it('refuses a signature with no log entry, unless the log is ignored (then judged now)', async () => {
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    const layer = await keylessLayer(leaf, pki);
    assert.throws(
      () => verify(layer),
      refused(
        'KEYLESS_TLOG_MISSING',
        /carries no transparency-log entry \(dev\.sigstore\.cosign\/bundle\)/,
      ),
    );
    const result = verify(layer, trust({ ignoreTlog: true }));
    assert.equal(result.signingTimeSource, 'verification-time');
    assert.equal(result.logIndex, undefined);
    const later = new Date(Date.now() + 86_400_000);
    assert.throws(
      () => verify(layer, trust({ ignoreTlog: true, now: () => later })),
      refused('KEYLESS_CERTIFICATE_EXPIRED', /verification time/),
    );
  });

  it('refuses a certificate from a CA the root does not trust', async () => {
    const stranger = await createKeylessPki('stranger');
    const leaf = await stranger.issue({ identity: IDENTITY, issuer: ISSUER });
    const layer = await keylessLayer(leaf, stranger, { logUrl: log.url });
    assert.throws(
      () => verify(layer),
      refused('KEYLESS_CERTIFICATE_UNTRUSTED', /certificate chain/),
    );
  });

  it('requires an SCT unless told to ignore it', () => {
    assert.throws(
      () => verify(signed, trust({ ignoreSct: false })),
      refused('KEYLESS_CERTIFICATE_UNTRUSTED', /SCT/),
    );
  });

  it('refuses a log entry from a log the root does not trust', async () => {
    const other = await trustedRootFor(pki);
    assert.throws(
      () => verify(signed, trust({ root: other })),
      refused(
        'KEYLESS_TLOG_INVALID',
        /signed entry timestamp does not verify with any trusted log key/,
      ),
    );
  });

  it('refuses a signed entry timestamp that is not the log key’s', () => {
    const rekor = JSON.parse(signed.annotations[CosignAnnotation.Bundle]!) as {
      SignedEntryTimestamp: string;
      Payload: { integratedTime: number };
    };
    rekor.Payload.integratedTime += 1;
    const layer = withAnnotation(signed, CosignAnnotation.Bundle, JSON.stringify(rekor));
    assert.throws(
      () => verify(layer),
      refused('KEYLESS_TLOG_INVALID', /TLOG_INCLUSION_PROMISE_ERROR/),
    );
  });

  it('refuses a log entry that records another signature or certificate', async () => {
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    const other = await keylessLayer(leaf, pki, { logUrl: log.url });
    const entryOfOther = other.annotations[CosignAnnotation.Bundle]!;
    assert.throws(
      () => verify(withAnnotation(signed, CosignAnnotation.Bundle, entryOfOther)),
      refused('KEYLESS_TLOG_INVALID', /records another certificate/),
    );
    const sameCertificateOtherSignature = await keylessLayer({ ...leaf }, pki, {
      logUrl: log.url,
      digest: `sha256:${'cd'.repeat(32)}`,
    });
    assert.throws(
      () =>
        verify(
          withAnnotation(
            other,
            CosignAnnotation.Bundle,
            sameCertificateOtherSignature.annotations[CosignAnnotation.Bundle],
          ),
        ),
      refused('KEYLESS_TLOG_INVALID', /TLOG_BODY_ERROR/),
    );
  });

  it('refuses a payload that signs another image', async () => {
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    const layer = await keylessLayer(leaf, pki, {
      logUrl: log.url,
      digest: `sha256:${'ef'.repeat(32)}`,
    });
    assert.throws(
      () => verify(layer),
      refused('KEYLESS_SIGNATURE_INVALID', /not the image digest/),
    );
  });

  it('refuses a signature that does not verify with the certificate', () => {
    const layer = { ...signed, payload: new TextEncoder().encode('{"tampered":true}') };
    assert.throws(() => verify(layer), refused('KEYLESS_TLOG_INVALID', /digest mismatch/));
    const unlogged = withAnnotation(layer, CosignAnnotation.Bundle);
    assert.throws(
      () => verify(unlogged, trust({ ignoreTlog: true })),
      refused('KEYLESS_SIGNATURE_INVALID', /does not verify with the certificate/),
    );
  });

  const malformed: [string, string, string | undefined, RegExp][] = [
    [
      'no signature',
      CosignAnnotation.Signature,
      undefined,
      /has no dev\.cosignproject\.cosign\/signature/,
    ],
    ['a signature that is not base64', CosignAnnotation.Signature, '%%%', /not base64/],
    ['no certificate', CosignAnnotation.Certificate, undefined, /not a keyless signature/],
    ['a certificate that is not PEM', CosignAnnotation.Certificate, 'junk', /PEM certificates/],
    ['a Rekor bundle that is not JSON', CosignAnnotation.Bundle, '{', /is not JSON/],
    [
      'a Rekor bundle without a SET',
      CosignAnnotation.Bundle,
      '{"Payload":{}}',
      /lacks SignedEntryTimestamp/,
    ],
    [
      'an RFC 3161 annotation of another shape',
      CosignAnnotation.Rfc3161Timestamp,
      '{}',
      /SignedRFC3161Timestamp/,
    ],
  ];
  for (const [name, annotation, value, message] of malformed) {
    it(`refuses a layer with ${name}`, () => {
      assert.throws(
        () => verify(withAnnotation(signed, annotation, value)),
        refused('KEYLESS_LAYER_MALFORMED', message),
      );
    });
  }

  it('refuses a certificate with bytes outside its DER encoding', () => {
    const pem = signed.annotations[CosignAnnotation.Certificate]!;
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const padded = Buffer.concat([der, Buffer.from([0])]).toString('base64');
    const layer = withAnnotation(
      withAnnotation(signed, CosignAnnotation.Bundle),
      CosignAnnotation.Certificate,
      `-----BEGIN CERTIFICATE-----\n${padded}\n-----END CERTIFICATE-----\n`,
    );
    assert.throws(
      () => verify(layer, trust({ ignoreTlog: true })),
      refused('KEYLESS_LAYER_MALFORMED', /certificate 0 has bytes outside its DER encoding/),
    );
  });

  it('takes the signing time from an RFC 3161 timestamp of a trusted TSA', async () => {
    const tsa = await createTimestampAuthority();
    const stamped = mergeTrustedRoots(
      root,
      customTrustedRoot({ timestampAuthorities: [{ pem: tsa.chainPem, source: 'tsa.pem' }] }),
    );
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    const layer = await keylessLayer(leaf, pki);
    const signature = Buffer.from(layer.annotations[CosignAnnotation.Signature]!, 'base64');
    const annotate = async (data: Uint8Array, at?: Date) =>
      withAnnotation(
        layer,
        CosignAnnotation.Rfc3161Timestamp,
        JSON.stringify({
          SignedRFC3161Timestamp: Buffer.from(await tsa.stamp(data, at)).toString('base64'),
        }),
      );
    const t = trust({ root: stamped, ignoreTlog: true });
    const result = verify(await annotate(signature), t);
    assert.equal(result.signingTimeSource, 'rfc3161');
    const otherData = await annotate(new Uint8Array([1, 2, 3]));
    assert.throws(() => verify(otherData, t), refused('KEYLESS_TIMESTAMP_INVALID', /TIMESTAMP/));
    const beforeCertificate = await annotate(signature, new Date(Date.now() - 7_200_000));
    assert.throws(
      () => verify(beforeCertificate, t),
      refused('KEYLESS_CERTIFICATE_EXPIRED', /\(RFC 3161 timestamp\)/),
    );
    const stampedLayer = await annotate(signature);
    assert.throws(
      () => verify(stampedLayer, trust({ ignoreTlog: true })),
      refused('KEYLESS_TIMESTAMP_INVALID', /TIMESTAMP/),
    );
  });
});
