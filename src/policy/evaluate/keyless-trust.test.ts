// The trusted root each keyless authority verifies against, assembled as policy-controller
// assembles it: the public good for the public Fulcio, a TrustRoot by trustRootRef, ca-cert
// replacing the certificate authorities, ctlog and rfc3161timestamp naming the TrustRoots
// of logs and timestamp authorities; anything missing fails with a reason, never falls back.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { generateKeyPair } from '../../core/keys/index.js';
import { createCertificateAuthority } from '../../core/x509/index.js';
import { publicGoodTrustedRoot } from '../../signing/trust/index.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import type { PolicyEvidence } from './evidence.js';
import { keylessTrust, type KeylessTrust } from './keyless-trust.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
let privateCaPem = '';
let secretCaPem = '';
let logKeyPem = '';
let tsaChainPem = '';

function trustRoot(name: string, withTsa = false): string {
  return `apiVersion: policy.sigstore.dev/v1alpha1
kind: TrustRoot
metadata: {name: ${name}}
spec:
  sigstoreKeys:
    certificateAuthorities:
    - {subject: {organization: o, commonName: c}, uri: "https://fulcio.${name}", certChain: ${b64(privateCaPem)}}
    tLogs:
    - {baseURL: "https://rekor.${name}", hashAlgorithm: sha-256, publicKey: ${b64(logKeyPem)}}
${withTsa ? `    timestampAuthorities:\n    - {subject: {organization: o, commonName: t}, uri: "https://tsa.${name}", certChain: ${b64(tsaChainPem)}}\n` : ''}`;
}

/** The trusted root of the first authority of a policy with these authority fields. */
async function trustOf(
  authority: string,
  options: { publicGood?: boolean; secrets?: Record<string, string>; times?: number } = {},
): Promise<KeylessTrust> {
  const yaml = `${trustRoot('private')}---\n${trustRoot('stamps', true)}---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: keyless}
spec:
  images: [{glob: "**"}]
  authorities:
  - ${authority}`;
  const parsed = parsePolicyYaml(yaml, 'k.yaml');
  assert.deepEqual(parsed.problems, []);
  const set = compilePolicies(parsed.documents, { trustRoots: parsed.trustRoots });
  const spec = set.policies[0]!.authorities[0]!.spec;
  if (spec.kind !== 'keyless') throw new Error('the authority is not keyless');
  const evidence: PolicyEvidence = {
    fetchSignatures: () => Promise.reject(new Error('not read')),
    fetchAttestations: () => Promise.reject(new Error('not read')),
    readSecret: (name) => {
      const text = options.secrets?.[name];
      return text === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(text);
    },
    ...(options.publicGood === false ? {} : { publicGoodTrustedRoot }),
  };
  let trust = await keylessTrust(spec, set.trustRoots, evidence);
  for (let i = 1; i < (options.times ?? 1); i++) {
    const again = await keylessTrust(spec, set.trustRoots, evidence);
    // The same inputs give the same object, so verifiers built for it are reused.
    assert.equal(rootOf(again), rootOf(trust));
    trust = again;
  }
  return trust;
}

function rootOf(trust: KeylessTrust): TrustedRoot {
  assert.ok(trust.ok, trust.ok ? '' : trust.reason);
  return trust.root;
}

const caSubjects = (root: TrustedRoot) =>
  root.certificateAuthorities.map(
    (ca) => new X509Certificate(ca.certChain!.certificates.at(-1)!.rawBytes).subject,
  );
const IDENTITY = 'identities: [{issuer: https://issuer.example, subject: dev@example.com}]';

describe('trusted root of a keyless authority', () => {
  before(async () => {
    const validity = {
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    };
    privateCaPem = (await createCertificateAuthority('private fulcio', validity)).certificatePem;
    secretCaPem = (await createCertificateAuthority('secret fulcio', validity)).certificatePem;
    const tsa = await createCertificateAuthority('tsa root', validity);
    const leaf = await tsa.issue({ commonName: 'tsa', usage: 'server', ...validity });
    tsaChainPem = leaf.certificatePem + tsa.certificatePem;
    logKeyPem = (await generateKeyPair('ecdsa-p256')).publicKey.pem;
  });

  it('is the public good for the public Fulcio, named or defaulted', async () => {
    for (const url of [
      '',
      'url: https://fulcio.sigstore.dev, ',
      'url: https://fulcio.sigstore.dev/, ',
    ]) {
      const root = rootOf(await trustOf(`keyless: {${url}${IDENTITY}}`));
      assert.equal(root, publicGoodTrustedRoot());
    }
  });

  it('fails without the public-good root rather than trusting nothing', async () => {
    const trust = await trustOf(`keyless: {${IDENTITY}}`, { publicGood: false });
    assert.deepEqual(trust, {
      ok: false,
      reason:
        'the Sigstore public-good trusted root is not available here; name a TrustRoot with keyless.trustRootRef',
    });
  });

  it('refuses a private Fulcio URL without a TrustRoot for it', async () => {
    const trust = await trustOf(`keyless: {url: "https://fulcio.corp.example", ${IDENTITY}}`);
    assert.deepEqual(trust, {
      ok: false,
      reason:
        'keyless.url https://fulcio.corp.example is not the public Fulcio (https://fulcio.sigstore.dev), and no keyless.trustRootRef names its certificate authorities; add a TrustRoot for it, or give ca-cert',
    });
  });

  it('takes the CAs and logs of the TrustRoot trustRootRef names', async () => {
    const root = rootOf(
      await trustOf(
        `keyless: {url: "https://fulcio.corp.example", trustRootRef: private, ${IDENTITY}}`,
      ),
    );
    assert.deepEqual(caSubjects(root), ['CN=private fulcio']);
    assert.deepEqual(
      root.tlogs.map((l) => l.baseUrl),
      ['https://rekor.private'],
    );
  });

  it('names a trustRootRef that does not exist', async () => {
    const trust = await trustOf(`keyless: {trustRootRef: missing, ${IDENTITY}}`);
    assert.deepEqual(trust, {
      ok: false,
      reason:
        'TrustRoot "missing" named by keyless.trustRootRef does not exist; create it (kind: TrustRoot) beside the policies',
    });
  });

  it('replaces the certificate authorities with ca-cert, keeping the public logs', async () => {
    const root = rootOf(
      await trustOf(`keyless: {ca-cert: {data: ${JSON.stringify(privateCaPem)}}, ${IDENTITY}}`, {
        times: 2,
      }),
    );
    assert.deepEqual(caSubjects(root), ['CN=private fulcio']);
    assert.deepEqual(root.tlogs, publicGoodTrustedRoot().tlogs);
  });

  it('reads ca-cert from its secret, and says when it cannot', async () => {
    const authority = `keyless: {ca-cert: {secretRef: {name: fulcio-ca}}, ${IDENTITY}}`;
    const root = rootOf(await trustOf(authority, { secrets: { 'fulcio-ca': secretCaPem } }));
    assert.deepEqual(caSubjects(root), ['CN=secret fulcio']);
    const missing = await trustOf(authority);
    assert.deepEqual(missing, {
      ok: false,
      reason:
        'the CA certificates of keyless.ca-cert could not be read from the secret "fulcio-ca": no secret fulcio-ca',
    });
    const wrong = await trustOf(authority, { secrets: { 'fulcio-ca': logKeyPem } });
    assert.match(
      wrong.ok ? '' : wrong.reason,
      /^the secret "fulcio-ca" does not hold PEM CA certificates: /,
    );
  });

  it('takes the logs from ctlog.trustRootRef and nothing public beside ca-cert', async () => {
    const root = rootOf(
      await trustOf(
        `keyless: {ca-cert: {data: ${JSON.stringify(secretCaPem)}}, ${IDENTITY}}\n    ctlog: {url: "https://rekor.private", trustRootRef: private}`,
        { publicGood: false },
      ),
    );
    assert.deepEqual(caSubjects(root), ['CN=secret fulcio']);
    assert.deepEqual(
      root.tlogs.map((l) => l.baseUrl),
      ['https://rekor.private'],
    );
  });

  it('takes the timestamp authorities from rfc3161timestamp.trustRootRef', async () => {
    const root = rootOf(
      await trustOf(
        `keyless: {trustRootRef: private, ${IDENTITY}}\n    rfc3161timestamp: {trustRootRef: stamps}`,
        { times: 3 },
      ),
    );
    assert.deepEqual(
      root.timestampAuthorities.map((t) => t.uri),
      ['https://tsa.stamps'],
    );
    assert.deepEqual(caSubjects(root), ['CN=private fulcio']);
    const missing = await trustOf(
      `keyless: {trustRootRef: private, ${IDENTITY}}\n    rfc3161timestamp: {trustRootRef: nope}`,
    );
    assert.equal(
      missing.ok ? '' : missing.reason,
      'TrustRoot "nope" named by rfc3161timestamp.trustRootRef does not exist; create it (kind: TrustRoot) beside the policies',
    );
  });
});
