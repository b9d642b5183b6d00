/**
 * Notary Project verification throughput: one signature verified under a strict trust
 * policy (envelope decode, leaf rules and chain of two, trust store anchor, trusted
 * identity, validity, expiry, CRL revocation) per operation, for a JWS envelope signed
 * with RSA 2048 (RSASSA-PSS) and a COSE envelope signed with ECDSA P-256, each next to the
 * raw node:crypto verify of the same key type measured in the same run: the part of the
 * cost that is the signature itself.
 */
import { constants, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  issueCertificate,
  issueCrl,
  memoryTrustStore,
  parseCrl,
  signNotationEnvelope,
  validateTrustPolicy,
  verifyNotationSignature,
  type EnvelopeFormat,
  type TestKeyType,
} from '../../src/signing/notation/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop } from '../harness.js';

const VERIFICATIONS = 2000;
const DIGEST = `sha256:${'ab'.repeat(32)}`;

async function notationLoop(format: EnvelopeFormat, keyType: TestKeyType) {
  const root = await issueCertificate({
    subject: 'C=US, ST=WA, O=Bench, CN=Root',
    role: 'ca',
    keyType,
  });
  const leaf = await issueCertificate({
    subject: 'C=US, ST=WA, O=Bench, CN=leaf',
    role: 'leaf',
    issuer: root,
    keyType,
  });
  const envelope = signNotationEnvelope({
    format,
    target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 500 },
    privateKey: leaf.privateKey,
    chain: [leaf.certificate, root.certificate],
    expiry: new Date(Date.now() + 86_400_000),
  });
  const statement = validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: 'bench',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:bench'],
          trustedIdentities: ['x509.subject: C=US, ST=WA, O=Bench'],
        },
      ],
    },
    'bench',
  ).statements[0]!;
  const trust = {
    trustStore: memoryTrustStore({ 'ca:bench': [root.certificate] }),
    crls: [parseCrl(await issueCrl(root, []), 'bench crl')],
  };
  const now = new Date();
  return measureLoop(
    async () => {
      const verdict = await verifyNotationSignature({
        image: 'bench',
        digest: DIGEST,
        envelope: envelope.bytes,
        mediaType: envelope.mediaType,
        statement,
        trust,
        now,
      });
      if (!verdict.ok) throw new Error(`benchmark signature failed: ${verdict.reason}`);
    },
    { count: VERIFICATIONS, warmup: 20 },
  );
}

function rawLoop(kind: 'rsa' | 'ec') {
  const pair =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const message = Buffer.alloc(400, 1);
  const options =
    kind === 'rsa'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { dsaEncoding: 'ieee-p1363' as const };
  const signature = sign('sha256', message, { key: pair.privateKey, ...options });
  return measureLoop(
    () => {
      if (!verify('sha256', message, { key: pair.publicKey, ...options }, signature))
        throw new Error('ceiling verify failed');
      return Promise.resolve();
    },
    { count: VERIFICATIONS * 2 },
  );
}

export const notationScenario: Scenario = {
  name: 'notation',
  description: `Notary Project signature verifications per second under a strict trust policy (JWS RSA, COSE ECDSA) next to raw verifies`,
  async run(): Promise<Measurement[]> {
    const jwsRsa = await notationLoop('jws', 'rsa-2048');
    const rsa = await rawLoop('rsa');
    const coseEc = await notationLoop('cose', 'ec-256');
    const ec = await rawLoop('ec');
    return [
      {
        name: 'Notation verify, JWS, RSA 2048 chain of 2',
        unit: 'signatures/s',
        subject: jwsRsa,
        ceiling: rsa,
        ceilingName: 'raw RSASSA-PSS 2048 verify',
      },
      {
        name: 'Notation verify, COSE, ECDSA P-256 chain of 2',
        unit: 'signatures/s',
        subject: coseEc,
        ceiling: ec,
        ceilingName: 'raw ECDSA P-256 verify',
      },
    ];
  },
};
