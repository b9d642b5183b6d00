// Keyless ClusterImagePolicy authorities against signatures made by the real cosign: a
// private CA generated here issues Fulcio-like certificates, `cosign sign --key ...
// --certificate leaf.pem --certificate-chain chain.pem` signs images and records them in
// Signet's own transparency log, and a TrustRoot names that CA and that log. `signet policy
// test`, the admission webhook and the Gatekeeper provider admit the image signed by the
// expected identity and refuse a wrong identity, a wrong issuer, an expired certificate
// and a signature missing from the log, each with a message naming what did not match;
// in the legacy layout (.sig tags) and in cosign v3's (Sigstore bundles as referrers).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { staticKubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer } from '../../src/admission/server/index.js';
import { main } from '../../src/cli/main.js';
import { loadPolicyFiles } from '../../src/config/policy-loader.js';
import { compilePolicies } from '../../src/policy/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { startInMemoryRegistry } from '../../src/testing/index.js';
import {
  createKeylessPki,
  type KeylessLeaf,
  type KeylessPki,
} from '../../src/testing/keyless-pki.js';
import { findPeer, peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import {
  makeCertificates,
  postJson,
  removeCertificates,
  review,
  startWebhook,
  workload,
  type Certificates,
} from './admission-harness.js';
import {
  COSIGN_REGISTRY,
  pushFresh,
  startCosign,
  useInteropRegistry,
  type Cosign,
} from './cosign-interop-harness.js';

const IDENTITY = 'builder@example.com';
const ISSUER = 'https://issuer.example';
const HOUR = 3600_000;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const peer = findPeer('cosign3');

async function policyTest(args: string[]) {
  const console = captureConsole();
  const code = await main(['policy', 'test', ...args], { console, env: {} });
  return { code, ...console };
}

const kubernetes = staticKubernetesReader({
  namespaces: { team: { 'signet.dev/include': 'true' } },
});

describe(
  'keyless policies over images signed by cosign with a private CA',
  { skip: peer.skipReason },
  () => {
    const registry = useInteropRegistry(() => startInMemoryRegistry(), 'keyless/app');
    let cosign: Cosign;
    let log: RunningTlogServer;
    let pki: KeylessPki;
    let policies: string;
    let certs: Certificates;
    let webhook: AdmissionServer;
    /** Image references by case: signed by the expected identity, expired, not logged, ... */
    const images: Record<string, string> = {};
    const file = (name: string) => join(cosign.dir, name);

    /** The leaf's key imported into cosign's encrypted format, and its certificate files. */
    async function leafFiles(name: string, leaf: KeylessLeaf) {
      await writeFile(file(`${name}.pem`), leaf.certificatePem);
      await writeFile(file(`${name}-private.pem`), leaf.privateKeyPem);
      const imported = await cosign.run([
        'import-key-pair',
        '--key',
        file(`${name}-private.pem`),
        '--output-key-prefix',
        file(name),
      ]);
      assert.equal(imported.code, 0, imported.stderr);
      return { key: file(`${name}.key`), certificate: file(`${name}.pem`) };
    }

    /** Pushes a fresh image under `path` and signs it as cosign does with a certificate. */
    async function signedImage(
      path: string,
      signer: { key: string; certificate: string },
      logged: boolean,
      layout: 'legacy' | 'bundle' = 'legacy',
    ): Promise<string> {
      const { ref } = await pushFresh(registry.client, registry.host, `keyless/${path}`);
      const signed = await cosign.run([
        'sign',
        '--key',
        signer.key,
        '--certificate',
        signer.certificate,
        '--certificate-chain',
        file('chain.pem'),
        '-y',
        '--use-signing-config=false',
        `--new-bundle-format=${layout === 'bundle'}`,
        ...(logged ? ['--rekor-url', log.url] : ['--tlog-upload=false']),
        ...COSIGN_REGISTRY,
        ref,
      ]);
      assert.equal(signed.code, 0, signed.stderr);
      return ref;
    }

    before(async () => {
      cosign = await startCosign(peerPath(peer));
      log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
      pki = await createKeylessPki('signet-e2e');
      await writeFile(file('chain.pem'), pki.chainPem);
      const good = await leafFiles('good', await pki.issue({ identity: IDENTITY, issuer: ISSUER }));
      const expired = await leafFiles(
        'expired',
        await pki.issue({
          identity: IDENTITY,
          issuer: ISSUER,
          notBefore: new Date(Date.now() - 2 * HOUR),
          notAfter: new Date(Date.now() - HOUR),
        }),
      );
      images.good = await signedImage('good', good, true);
      images.identity = await signedImage('identity', good, true);
      images.issuer = await signedImage('issuer', good, true);
      images.expired = await signedImage('expired', expired, true);
      images.unlogged = await signedImage('unlogged', good, false);
      images.bundle = await signedImage('bundle', good, true, 'bundle');
      images['signer-bundle'] = await signedImage('signer-bundle', good, true, 'bundle');

      const logKey = await (await fetch(`${log.url}/api/v1/log/publicKey`)).text();
      const host = registry.host;
      const policy = (
        name: string,
        identity: string,
        format = 'legacy',
      ) => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: ${name}}
spec:
  images: [{glob: "${host}/keyless/${name}*"}]
  authorities:
  - name: private-fulcio
    signatureFormat: ${format}
    keyless:
      url: https://fulcio.corp.example
      trustRootRef: corp
      insecureIgnoreSCT: true
      identities: [${identity}]
    ctlog:
      url: ${log.url}
      trustRootRef: corp
`;
      const exact = `{issuer: "${ISSUER}", subject: "${IDENTITY}"}`;
      policies = file('policies');
      await mkdir(policies);
      await writeFile(
        join(policies, 'trust-root.yaml'),
        `apiVersion: policy.sigstore.dev/v1alpha1
kind: TrustRoot
metadata: {name: corp}
spec:
  sigstoreKeys:
    certificateAuthorities:
    - subject: {organization: signet-e2e, commonName: signet-e2e root}
      uri: https://fulcio.corp.example
      certChain: ${b64(pki.chainPem)}
    tLogs:
    - {baseURL: "${log.url}", hashAlgorithm: sha-256, publicKey: ${b64(logKey)}}
`,
      );
      await writeFile(
        join(policies, 'policies.yaml'),
        [
          policy('good', exact),
          policy('expired', exact),
          policy('unlogged', exact),
          policy('identity', `{issuer: "${ISSUER}", subject: release@example.com}`),
          policy('issuer', `{issuer: "https://accounts.example", subject: "${IDENTITY}"}`),
          policy('bundle', exact, 'bundle'),
          policy('signer-bundle', `{issuer: "${ISSUER}", subject: release@example.com}`, 'bundle'),
        ].join('---\n'),
      );

      const loaded = await loadPolicyFiles([policies]);
      assert.deepEqual(loaded.problems, []);
      certs = await makeCertificates();
      webhook = await startWebhook(
        certs,
        kubernetes,
        compilePolicies(loaded.documents, { trustRoots: loaded.trustRoots }),
        { logger: pino({ level: 'silent' }) },
      );
    });

    after(async () => {
      await webhook?.close();
      if (certs !== undefined) await removeCertificates(certs);
      await log?.close();
      await cosign?.close();
    });

    const refusals: [image: string, message: RegExp][] = [
      [
        'identity',
        /certificate identity "builder@example\.com" does not match "release@example\.com"/,
      ],
      [
        'issuer',
        /certificate OIDC issuer "https:\/\/issuer\.example" does not match "https:\/\/accounts\.example"/,
      ],
      ['expired', /the signing certificate is valid from \S+ to \S+, not at the signing time/],
      ['unlogged', /carries no transparency-log entry/],
      [
        'signer-bundle',
        /bundle 1: certificate identity "builder@example\.com" does not match "release@example\.com"/,
      ],
    ];

    it('signet policy test admits the image signed by the expected identity', async () => {
      const run = await policyTest(['--policy', policies, images.good!]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ALLOWED /);
    });

    for (const [name, message] of refusals) {
      it(`signet policy test refuses the ${name} case, saying what did not match`, async () => {
        const run = await policyTest(['--policy', policies, images[name]!]);
        assert.equal(run.code, 12, run.stdout + run.stderr);
        assert.match(run.stdout, /^DENIED /);
        assert.match(
          run.stdout,
          new RegExp(`denied by "${name}": no signature matches authority "private-fulcio"`),
        );
        assert.match(run.stdout, message);
      });
    }

    it('signet policy test admits a keyless Sigstore bundle (cosign v3 layout) for a bundle authority', async () => {
      const run = await policyTest(['--policy', policies, images.bundle!]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ALLOWED /);
    });

    it('the webhook admits the image signed by the expected identity', async () => {
      const { body } = await postJson(
        webhook,
        certs.ca,
        '/validate',
        review('Pod', workload('Pod', [images.good!]).object),
      );
      assert.equal(body.response.allowed, true, JSON.stringify(body.response.status));
    });

    for (const [name, message] of refusals) {
      it(`the webhook refuses the ${name} case, saying what did not match`, async () => {
        const { body } = await postJson(
          webhook,
          certs.ca,
          '/validate',
          review('Pod', workload('Pod', [images[name]!]).object),
        );
        assert.equal(body.response.allowed, false);
        const text: string = body.response.status.message;
        assert.match(text, new RegExp(`policy "${name}"`));
        assert.match(text, message);
      });
    }

    it('the Gatekeeper provider answers the same for the same images', async () => {
      const { status, body } = await postJson(webhook, certs.ca, '/gatekeeper/verify', {
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: [images.good, images.identity] },
      });
      assert.equal(status, 200);
      const items = body.response.items as {
        key: string;
        value?: { isSuccess?: boolean; denials?: string[] };
        error?: string;
      }[];
      assert.deepEqual(
        items.map((i) => [i.key, i.value?.isSuccess, i.error]),
        [
          [images.good, true, undefined],
          [images.identity, false, undefined],
        ],
      );
      assert.match(
        items[1]!.value!.denials![0]!,
        /certificate identity "builder@example\.com" does not match "release@example\.com"/,
      );
    });
  },
);
