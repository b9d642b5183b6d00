// sigstoreSigned rules that the fixtures do not reach, with keys, CAs and a Rekor log key
// made per run: certificate validity at the SET's time, key usage, the OIDC issuer
// extensions, the signature schemes containers/image accepts, and the payload's strictness.
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { canonicalJsonBytes } from '../../core/canonical-json.js';
import { parseReference } from '../../oci/reference/index.js';
import type { SignatureLayer } from '../cosign/index.js';
import { compilePolicyJson } from './compile.js';
import { evaluatePolicyJson, type PolicyJsonDecision } from './evaluate.js';
import { parsePolicyJson } from './parse-policy.js';

const IMAGE = 'reg.example.com/team/app';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const T = new Date('2025-06-01T12:00:00Z');
const NOW = new Date('2026-12-01T00:00:00Z');
const ISSUER = 'https://issuer.example.com';
const EMAIL = 'builder@example.com';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

const payloadOf = (critical: object = {}, optional: unknown = null): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': IMAGE },
        image: { 'docker-manifest-digest': DIGEST },
        type: 'cosign container image signature',
        ...critical,
      },
      optional,
    }),
  );

interface Made {
  readonly pem: string;
  readonly keys: webcrypto.CryptoKeyPair;
}
const minutes = (n: number) => new Date(T.getTime() + n * 60_000);

async function certificate(options: {
  name: string;
  issuer?: Made;
  ca?: boolean;
  usage?: string[];
  emails?: string[];
  extensions?: x509.Extension[];
  from?: Date;
  to?: Date;
}): Promise<Made> {
  const keys = await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const extensions: x509.Extension[] = [...(options.extensions ?? [])];
  if (options.ca) extensions.push(new x509.BasicConstraintsExtension(true, undefined, true));
  if (options.usage) extensions.push(new x509.ExtendedKeyUsageExtension(options.usage));
  if (options.emails)
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        options.emails.map((value) => ({ type: 'email', value })),
      ),
    );
  const issuer = options.issuer;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    subject: `CN=${options.name}`,
    issuer:
      issuer === undefined ? `CN=${options.name}` : new x509.X509Certificate(issuer.pem).subject,
    notBefore: options.from ?? minutes(-10),
    notAfter: options.to ?? minutes(10),
    publicKey: keys.publicKey,
    signingKey: (issuer ?? { keys }).keys.privateKey,
    signingAlgorithm: ECDSA,
    extensions,
  });
  return { pem: cert.toString('pem'), keys };
}

const issuerV1 = (value: string) =>
  new x509.Extension('1.3.6.1.4.1.57264.1.1', false, Buffer.from(value));
const issuerV2 = (value: string) =>
  new x509.Extension(
    '1.3.6.1.4.1.57264.1.8',
    false,
    Buffer.concat([Buffer.from([0x0c, value.length]), Buffer.from(value)]),
  );

const log = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherLog = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const logPem = (key = log.publicKey) => key.export({ format: 'pem', type: 'spki' }).toString();

function rekorSet(
  keyOrCertPem: string,
  signature: Buffer,
  payload: Uint8Array,
  time = T,
  logKey = log.privateKey,
) {
  const body = {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: {
        hash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
      },
      signature: { content: b64(signature), publicKey: { content: b64(keyOrCertPem) } },
    },
  };
  const fields = {
    body: b64(JSON.stringify(body)),
    integratedTime: Math.floor(time.getTime() / 1000),
    logID: 'ab',
    logIndex: 7,
  };
  const set = sign('sha256', canonicalJsonBytes(fields), { key: logKey, dsaEncoding: 'der' });
  return JSON.stringify({ SignedEntryTimestamp: b64(set), Payload: fields });
}

async function decide(requirement: object, layer: SignatureLayer): Promise<PolicyJsonDecision> {
  const policy = parsePolicyJson(
    JSON.stringify({
      default: [
        { type: 'sigstoreSigned', signedIdentity: { type: 'matchRepository' }, ...requirement },
      ],
    }),
    'policy.json',
  );
  const compiled = await compilePolicyJson(policy, {
    readKeyFile: () => Promise.reject(new Error('no files')),
  });
  return evaluatePolicyJson(compiled, {
    reference: parseReference(`${IMAGE}:1`),
    manifestDigest: DIGEST,
    now: NOW,
    signatures: () => Promise.resolve({ simpleSigning: [], sigstore: [layer] }),
  });
}

const reasonOf = (decision: PolicyJsonDecision) => decision.requirements[0]!.reason;

describe('sigstoreSigned with fulcio', async () => {
  const root = await certificate({
    name: 'Test Fulcio root',
    ca: true,
    from: minutes(-600),
    to: minutes(600),
  });
  const intermediate = await certificate({
    name: 'Test Fulcio intermediate',
    issuer: root,
    ca: true,
    usage: ['1.3.6.1.5.5.7.3.3'],
    from: minutes(-600),
    to: minutes(600),
  });
  const otherRoot = await certificate({ name: 'Another root', ca: true });
  const chain = intermediate.pem + root.pem;

  function signedLayer(
    leaf: Made,
    options: { time?: Date; logKey?: KeyObject; payload?: Uint8Array; certificate?: string } = {},
  ) {
    const payload = options.payload ?? payloadOf();
    const key = KeyObject.from(leaf.keys.privateKey);
    const signature = sign('sha256', payload, { key, dsaEncoding: 'der' });
    return {
      mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      payload,
      annotations: {
        'dev.cosignproject.cosign/signature': b64(signature),
        'dev.sigstore.cosign/certificate': options.certificate ?? leaf.pem,
        'dev.sigstore.cosign/chain': chain,
        'dev.sigstore.cosign/bundle': rekorSet(
          leaf.pem,
          signature,
          payload,
          options.time,
          options.logKey,
        ),
      },
    };
  }
  const leafWith = (overrides: Partial<Parameters<typeof certificate>[0]> = {}) =>
    certificate({
      name: 'leaf',
      issuer: intermediate,
      usage: ['1.3.6.1.5.5.7.3.3'],
      emails: [EMAIL],
      extensions: [issuerV1(ISSUER)],
      ...overrides,
    });
  const requirement = (ca = root.pem) => ({
    fulcio: { caData: b64(ca), oidcIssuer: ISSUER, subjectEmail: EMAIL },
    rekorPublicKeyData: b64(logPem()),
  });

  it('accepts a certificate valid at the SET time, long expired now', async () => {
    const decision = await decide(requirement(), signedLayer(await leafWith()));
    assert.equal(decision.allowed, true, reasonOf(decision));
    assert.match(reasonOf(decision), /Fulcio certificate for builder@example\.com/);
  });

  it('rejects a certificate not yet valid at the SET time', async () => {
    const decision = await decide(
      requirement(),
      signedLayer(await leafWith(), { time: minutes(-30) }),
    );
    assert.match(
      reasonOf(decision),
      /the leaf certificate is not valid at 2025-06-01T11:30:00\.000Z/,
    );
  });

  it('rejects a certificate that expired before the SET time', async () => {
    const decision = await decide(
      requirement(),
      signedLayer(await leafWith(), { time: minutes(30) }),
    );
    assert.match(
      reasonOf(decision),
      /the leaf certificate is not valid at 2025-06-01T12:30:00\.000Z/,
    );
  });

  it('rejects a certificate without code-signing usage', async () => {
    const decision = await decide(
      requirement(),
      signedLayer(await leafWith({ usage: ['1.3.6.1.5.5.7.3.1'] })),
    );
    assert.match(reasonOf(decision), /does not allow code signing/);
  });

  it('rejects a certificate from another CA', async () => {
    const decision = await decide(requirement(otherRoot.pem), signedLayer(await leafWith()));
    assert.match(reasonOf(decision), /not issued by a trusted certificate authority/);
  });

  it('rejects a chain through an intermediate that is not a CA', async () => {
    const notCa = await certificate({ name: 'not a CA', issuer: root });
    const leaf = await certificate({
      name: 'leaf',
      issuer: notCa,
      usage: ['1.3.6.1.5.5.7.3.3'],
      emails: [EMAIL],
      extensions: [issuerV1(ISSUER)],
    });
    const layer = signedLayer(leaf);
    const decision = await decide(requirement(), {
      ...layer,
      annotations: { ...layer.annotations, 'dev.sigstore.cosign/chain': notCa.pem + root.pem },
    });
    assert.match(reasonOf(decision), /intermediate certificate CN=not a CA is not a CA/);
  });

  it('reads the issuer from the v2 extension, and refuses inconsistent or missing issuers', async () => {
    assert.equal(
      (await decide(requirement(), signedLayer(await leafWith({ extensions: [issuerV2(ISSUER)] }))))
        .allowed,
      true,
    );
    const both = await leafWith({ extensions: [issuerV1(ISSUER), issuerV2('https://other')] });
    assert.match(
      reasonOf(await decide(requirement(), signedLayer(both))),
      /inconsistent OIDC issuer extension values/,
    );
    const none = await leafWith({ extensions: [] });
    assert.match(
      reasonOf(await decide(requirement(), signedLayer(none))),
      /missing the issuer extension/,
    );
  });

  it('rejects a SET made by another log key', async () => {
    const decision = await decide(
      requirement(),
      signedLayer(await leafWith(), { logKey: otherLog.privateKey }),
    );
    assert.match(reasonOf(decision), /signature verification of the Rekor SET failed/);
  });

  it('rejects two certificates where one is expected, and a truncated one', async () => {
    const leaf = await leafWith();
    const twice = signedLayer(leaf, { certificate: leaf.pem + leaf.pem });
    assert.match(
      reasonOf(await decide(requirement(), twice)),
      /Rekor SET (does not match|has trailing data)|trailing data/,
    );
    const truncated = signedLayer(leaf, { certificate: leaf.pem.slice(0, 200) });
    assert.match(reasonOf(await decide(requirement(), truncated)), /not in PEM format/);
  });
});

describe('sigstoreSigned signature schemes and payloads (sigstore LoadVerifier with SHA-256)', () => {
  const layerSignedBy = (signature: Buffer, payload = payloadOf()): SignatureLayer => ({
    mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
    payload,
    annotations: { 'dev.cosignproject.cosign/signature': b64(signature) },
  });
  const keyData = (key: KeyObject, type: 'spki' | 'pkcs1' = 'spki') => ({
    keyData: b64(key.export({ format: 'pem', type }).toString()),
  });

  it('accepts ECDSA over SHA-256 on any curve and refuses P-384 over SHA-384', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const ok = sign('sha256', payloadOf(), { key: p384.privateKey, dsaEncoding: 'der' });
    assert.equal((await decide(keyData(p384.publicKey), layerSignedBy(ok))).allowed, true);
    const own = sign('sha384', payloadOf(), { key: p384.privateKey, dsaEncoding: 'der' });
    assert.match(
      reasonOf(await decide(keyData(p384.publicKey), layerSignedBy(own))),
      /cryptographic signature verification failed/,
    );
  });

  it('accepts pure Ed25519, as containers/image does, and RSA PKCS #1 v1.5 keys in either PEM form', async () => {
    const ed = generateKeyPairSync('ed25519');
    assert.equal(
      (await decide(keyData(ed.publicKey), layerSignedBy(sign(null, payloadOf(), ed.privateKey))))
        .allowed,
      true,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = sign('sha256', payloadOf(), rsa.privateKey);
    assert.equal((await decide(keyData(rsa.publicKey), layerSignedBy(signature))).allowed, true);
    assert.equal(
      (await decide(keyData(rsa.publicKey, 'pkcs1'), layerSignedBy(signature))).allowed,
      true,
    );
  });

  const strictness: [string, Uint8Array<ArrayBuffer>, RegExp][] = [
    [
      'an unknown critical member',
      payloadOf({ extra: 1 }),
      /critical has an unknown member "extra"/,
    ],
    [
      'another signature type',
      payloadOf({ type: 'atomic container signature' }),
      /unrecognized signature type/,
    ],
    [
      'an invalid digest',
      payloadOf({ image: { 'docker-manifest-digest': 'sha256:zz' } }),
      /invalid docker-manifest-digest/,
    ],
    [
      'a fractional timestamp',
      payloadOf({}, { timestamp: 1.5 }),
      /optional\.timestamp .* not an integer/,
    ],
    [
      'no optional member',
      new TextEncoder().encode(JSON.stringify({ critical: {} })),
      /lacks "optional"/,
    ],
  ];
  for (const [name, payload, reason] of strictness) {
    it(`rejects a payload with ${name}`, async () => {
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const signature = sign('sha256', payload, { key: key.privateKey, dsaEncoding: 'der' });
      assert.match(
        reasonOf(await decide(keyData(key.publicKey), layerSignedBy(signature, payload))),
        reason,
      );
    });
  }
});
