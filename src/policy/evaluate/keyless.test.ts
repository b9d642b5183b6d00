// Keyless authorities evaluated over cosign signature layers made by a private CA and
// recorded in Signet's own log: admitted when the certificate chains to the TrustRoot's
// CA, the log entry is the TrustRoot's log's, and an identity matches; refused otherwise,
// with a reason naming what did not match.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../oci/reference/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { publicGoodTrustedRoot } from '../../signing/trust/index.js';
import { createKeylessPki, type KeylessPki } from '../../testing/keyless-pki.js';
import { IMAGE_DIGEST, keylessLayer } from '../../testing/keyless-signatures.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../tlog/server/index.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { evaluate } from './evaluate.js';
import type { PolicyEvidence } from './evidence.js';

const IDENTITY = 'builder@example.com';
const PROVENANCE = 'https://slsa.dev/provenance/v1';
const SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const ISSUER = 'https://issuer.example';
const IMAGE = `registry.example/team/app@${IMAGE_DIGEST}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

let pki: KeylessPki;
let stranger: KeylessPki;
let log: RunningTlogServer;
let logKeyPem = '';
const layers: Record<string, SignatureLayer> = {};

function trustRoot(name: string, caPem: string, logs: boolean): string {
  return `apiVersion: policy.sigstore.dev/v1alpha1
kind: TrustRoot
metadata: {name: ${name}}
spec:
  sigstoreKeys:
    certificateAuthorities:
    - {subject: {organization: o, commonName: c}, uri: "https://fulcio.example", certChain: ${b64(caPem)}}
${logs ? `    tLogs:\n    - {baseURL: "${log.url}", hashAlgorithm: sha-256, publicKey: ${b64(logKeyPem)}}\n` : ''}`;
}

/** A policy over every image with one keyless authority (its fields after `- `). */
function policySet(authority: string) {
  const yaml = `${trustRoot('private', pki.chainPem, true)}---
${trustRoot('no-logs', pki.chainPem, false)}---
${trustRoot('other-ca', stranger.chainPem, true)}---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: keyless}
spec:
  images: [{glob: "registry.example/**"}]
  authorities:
  - name: ci
    ${authority}`;
  const parsed = parsePolicyYaml(yaml, 'k.yaml');
  assert.deepEqual(
    parsed.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return compilePolicies(parsed.documents, { trustRoots: parsed.trustRoots });
}

function evidenceOf(
  signatures: readonly SignatureLayer[],
  bundles: readonly Uint8Array[] = [],
): PolicyEvidence {
  return {
    fetchSignatures: (_image, source) =>
      Promise.resolve(
        source.format === 'legacy'
          ? { format: 'legacy', layers: signatures }
          : { format: 'bundle', bundles },
      ),
    fetchAttestations: () => Promise.resolve([]),
    readSecret: () => Promise.reject(new Error('no secrets')),
    publicGoodTrustedRoot,
  };
}

async function judge(
  authority: string,
  signatures: readonly SignatureLayer[],
  bundles: readonly Uint8Array[] = [],
) {
  const ref = parseReference(IMAGE);
  return evaluate(
    policySet(authority),
    { image: IMAGE, ref, digest: IMAGE_DIGEST },
    evidenceOf(signatures, bundles),
  );
}

/** A bundle holding a DSSE envelope of an in-toto statement of `predicateType` (unsigned). */
function dsseBundle(predicateType: string): Uint8Array {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha256: IMAGE_DIGEST.slice(7) } }],
    predicateType,
    predicate: {},
  };
  return new TextEncoder().encode(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {},
      dsseEnvelope: {
        payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
        payloadType: 'application/vnd.in-toto+json',
        signatures: [{ sig: 'MEUCIQ==' }],
      },
    }),
  );
}

const keyless = (identities: string, extra = '') =>
  `keyless: {url: "https://fulcio.example", trustRootRef: private, insecureIgnoreSCT: true, identities: ${identities}}\n    ctlog: {url: "${log.url}", trustRootRef: private}${extra}`;
const EXACT = `[{issuer: "${ISSUER}", subject: "${IDENTITY}"}]`;

describe('keyless authorities in evaluation', () => {
  before(async () => {
    pki = await createKeylessPki('signet-policy-test');
    stranger = await createKeylessPki('stranger');
    log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
    logKeyPem = await (await fetch(`${log.url}/api/v1/log/publicKey`)).text();
    const leaf = await pki.issue({ identity: IDENTITY, issuer: ISSUER });
    const hour = 3600_000;
    const expired = await pki.issue({
      identity: IDENTITY,
      issuer: ISSUER,
      notBefore: new Date(Date.now() - 2 * hour),
      notAfter: new Date(Date.now() - hour),
    });
    layers.signed = await keylessLayer(leaf, pki, { logUrl: log.url });
    layers.unlogged = await keylessLayer(leaf, pki);
    layers.expired = await keylessLayer(expired, pki, { logUrl: log.url });
    layers.otherDigest = await keylessLayer(leaf, pki, {
      logUrl: log.url,
      digest: `sha256:${'cd'.repeat(32)}`,
    });
  });
  after(() => log.close());

  it('admits a signature whose certificate chains to the TrustRoot and matches the identity', async () => {
    const verdict = await judge(keyless(EXACT), [layers.signed!]);
    assert.deepEqual(verdict.denials, []);
    assert.equal(verdict.allowed, true);
  });

  it('reports the certificate identity and the verified log entry of the signature', async () => {
    const verdict = await judge(keyless(EXACT), [layers.unlogged!, layers.signed!]);
    const [signature, ...rest] = verdict.verified?.signatures ?? [];
    assert.deepEqual(rest, []);
    assert.equal(signature?.signer, `${IDENTITY} issued by ${ISSUER}`);
    assert.equal(signature?.layout, 'cosign .sig tag');
    assert.equal(typeof signature?.logIndex, 'number');
    const logged = (await (await fetch(`${log.url}/api/v1/log`)).json()) as { treeSize: number };
    assert.ok(signature.logIndex! < logged.treeSize);
  });

  it('admits when any one of several identities matches, by regular expression too', async () => {
    const identities = `[{issuer: "${ISSUER}", subject: someone@else.example}, {issuerRegExp: "issuer\\\\.example$", subjectRegExp: "^builder@"}]`;
    const verdict = await judge(keyless(identities), [layers.signed!]);
    assert.equal(verdict.allowed, true, JSON.stringify(verdict.denials));
  });

  it('passes when one of many layers verifies, the others failing', async () => {
    const verdict = await judge(keyless(EXACT), [
      layers.unlogged!,
      layers.expired!,
      layers.signed!,
    ]);
    assert.equal(verdict.allowed, true, JSON.stringify(verdict.denials));
  });

  const refusals: [name: string, authority: () => string, layer: string, reason: RegExp][] = [
    [
      'a signer with another identity, naming it and what was expected',
      () => keyless(`[{issuer: "${ISSUER}", subject: release@example.com}]`),
      'signed',
      /^no signature matches authority "ci" \(1 signature found: signature 1: certificate identity "builder@example\.com" does not match "release@example\.com"\)$/,
    ],
    [
      'a certificate from another OIDC issuer, naming both issuers',
      () => keyless(`[{issuer: "https://accounts.example", subject: "${IDENTITY}"}]`),
      'signed',
      /certificate OIDC issuer "https:\/\/issuer\.example" does not match "https:\/\/accounts\.example"/,
    ],
    [
      'a subject that does not match the expression',
      () => keyless(`[{issuer: "${ISSUER}", subjectRegExp: "^ci@"}]`),
      'signed',
      /certificate identity "builder@example\.com" does not match \/\^ci@\//,
    ],
    [
      'an expired certificate, with its validity and the signing time',
      () => keyless(EXACT),
      'expired',
      /signature 1: the signing certificate is valid from .* to .*, not at the signing time/,
    ],
    [
      'a signature without a transparency-log entry',
      () => keyless(EXACT),
      'unlogged',
      /signature 1: carries no transparency-log entry \(dev\.sigstore\.cosign\/bundle\); keyless authorities require one\)$/,
    ],
    [
      'a log entry of a log the TrustRoot does not trust',
      () =>
        `keyless: {trustRootRef: no-logs, insecureIgnoreSCT: true, identities: ${EXACT}}\n    ctlog: {trustRootRef: no-logs}`,
      'signed',
      /signature 1: TLOG_INCLUSION_PROMISE_ERROR: the signed entry timestamp does not verify with any trusted log key valid at its integration time/,
    ],
    [
      'a certificate of another CA',
      () =>
        `keyless: {trustRootRef: other-ca, insecureIgnoreSCT: true, identities: ${EXACT}}\n    ctlog: {trustRootRef: other-ca}`,
      'signed',
      /signature 1: CERTIFICATE_ERROR: Failed to verify certificate chain/,
    ],
    [
      'a certificate without an SCT unless insecureIgnoreSCT',
      () => `keyless: {trustRootRef: private, identities: ${EXACT}}`,
      'signed',
      /signature 1: CERTIFICATE_ERROR: the certificate carries no SCT from a trusted CT log \(expected 1 SCTs, got 0\); for a private CA without CT, set keyless\.insecureIgnoreSCT: true\)$/,
    ],
    [
      'a signature of another image',
      () => keyless(EXACT),
      'otherDigest',
      /signs sha256:cdcd.*, not the image digest sha256:abab/,
    ],
  ];
  for (const [name, authority, layer, reason] of refusals) {
    it(`refuses ${name}`, async () => {
      const verdict = await judge(authority(), [layers[layer]!]);
      assert.equal(verdict.allowed, false);
      assert.equal(verdict.denials.length, 1);
      assert.match(verdict.denials[0]!.reason, reason);
    });
  }

  it('says where it looked when there is no signature', async () => {
    const verdict = await judge(keyless(EXACT), []);
    assert.equal(
      verdict.denials[0]?.reason,
      `no signature matches authority "ci" (no signatures found in cosign's .sig tag; signatureFormat: bundle reads Sigstore bundles instead)`,
    );
  });

  it('reads Sigstore bundles for signatureFormat: bundle, counting attestations apart', async () => {
    const authority = `signatureFormat: bundle\n    ${keyless(EXACT)}`;
    const none = await judge(authority, [layers.signed!], [dsseBundle(PROVENANCE)]);
    assert.equal(
      none.denials[0]?.reason,
      'no signature matches authority "ci" (no Sigstore bundle signatures found among the referrers; signatureFormat: legacy reads .sig tags instead)',
    );
    const broken = await judge(authority, [], [new TextEncoder().encode('nope')]);
    assert.equal(
      broken.denials[0]?.reason,
      'no signature matches authority "ci" (1 signature found: bundle 1: not JSON)',
    );
    // cosign v3 signs images with a DSSE statement of its sign predicate: a signature.
    const forged = await judge(authority, [], [dsseBundle(SIGN_PREDICATE)]);
    assert.match(
      forged.denials[0]!.reason,
      /^no signature matches authority "ci" \(1 signature found: bundle 1: /,
    );
  });

  it('needs a verified attestation bundle for each keyless attestation', async () => {
    const authority = `signatureFormat: bundle\n    ${keyless(EXACT)}\n    attestations: [{name: built, predicateType: "${PROVENANCE}"}]`;
    const none = await judge(authority, [], [dsseBundle(SIGN_PREDICATE)]);
    assert.equal(
      none.denials[0]?.reason,
      `attestation "built" of authority "ci" is not satisfied: no attestation of type ${PROVENANCE} found`,
    );
    const unsigned = await judge(authority, [], [dsseBundle(PROVENANCE)]);
    assert.match(
      unsigned.denials[0]!.reason,
      new RegExp(
        `^attestation "built" of authority "ci" is not satisfied: 1 attestation found, none of type ${PROVENANCE.replaceAll('.', '\\.')} verifies for this image \\(bundle 1: `,
      ),
    );
  });

  it('trusts ca-cert with the logs of ctlog.trustRootRef', async () => {
    const authority = `keyless: {ca-cert: {data: ${JSON.stringify(pki.chainPem)}}, insecureIgnoreSCT: true, identities: ${EXACT}}\n    ctlog: {trustRootRef: private}`;
    assert.equal((await judge(authority, [layers.signed!])).allowed, true);
    const other = `keyless: {ca-cert: {data: ${JSON.stringify(stranger.chainPem)}}, insecureIgnoreSCT: true, identities: ${EXACT}}\n    ctlog: {trustRootRef: private}`;
    assert.equal((await judge(other, [layers.signed!])).allowed, false);
  });

  it('refuses a private CA signature against the public-good root', async () => {
    const verdict = await judge(`keyless: {identities: ${EXACT}}`, [layers.signed!]);
    assert.equal(verdict.allowed, false);
    assert.match(
      verdict.denials[0]!.reason,
      /^no signature matches authority "ci" \(1 signature found: signature 1: /,
    );
  });
});
