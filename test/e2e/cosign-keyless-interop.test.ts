// Keyless images signed by real cosign (v3 and v2) verified by `signet verify`: cosign signs
// with a certificate from a private CA made per run (`cosign sign --key k --certificate
// leaf.pem --certificate-chain chain.pem`, as Fulcio's certificates are used) and records
// the signature in Signet's own transparency log (`--rekor-url`). Signet trusts that CA
// (`--certificate-chain`) and that log (`--tlog-key`), and checks who signed. Wrong
// identity, wrong issuer, an expired certificate and a missing log entry are each refused
// with a message naming what did not match.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startInMemoryRegistry } from '../../src/testing/index.js';
import { createKeylessPki, type KeylessPki } from '../../src/testing/keyless-pki.js';
import { peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import {
  COSIGN_REGISTRY,
  cosignPeers,
  signet,
  startCosign,
  useInteropRegistry,
  verifiedClaims,
  type Cosign,
} from './cosign-interop-harness.js';

const IDENTITY = 'https://github.com/example/app/.github/workflows/release.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

for (const peer of cosignPeers()) {
  describe(`keyless images signed by ${peer.name}`, { skip: peer.lookup.skipReason }, () => {
    let cosign: Cosign;
    let log: RunningTlogServer;
    let pki: KeylessPki;
    let logKey: string;
    const file = (name: string) => join(cosign.dir, name);
    const registry = useInteropRegistry(() => startInMemoryRegistry(), `${peer.name}/keyless`);

    /** A leaf for `name` written as cosign reads it: `<name>.pem`, and `<name>.key` imported. */
    async function leaf(name: string, request: Parameters<KeylessPki['issue']>[0]) {
      const issued = await pki.issue(request);
      await writeFile(file(`${name}.pem`), issued.certificatePem);
      await writeFile(file(`${name}-plain.key`), issued.privateKeyPem);
      const imported = await cosign.run([
        'import-key-pair',
        '--key',
        file(`${name}-plain.key`),
        '--output-key-prefix',
        file(name),
      ]);
      assert.equal(imported.code, 0, imported.stderr);
    }

    /** cosign signs a fresh image with leaf `name`; returns the image by digest. */
    async function signed(
      name: string,
      options: { layout?: 'legacy' | 'bundle'; logged?: boolean } = {},
    ): Promise<string> {
      const { ref, digest } = await registry.fresh();
      const image = `${ref.split(':1.0')[0]!}@${digest}`;
      const run = await cosign.run([
        'sign',
        '--key',
        file(`${name}.key`),
        '--certificate',
        file(`${name}.pem`),
        '--certificate-chain',
        file('chain.pem'),
        '-y',
        '--use-signing-config=false',
        `--new-bundle-format=${options.layout === 'bundle'}`,
        ...(options.logged === false ? ['--tlog-upload=false'] : ['--rekor-url', log.url]),
        ...COSIGN_REGISTRY,
        image,
      ]);
      assert.equal(run.code, 0, run.stderr);
      return image;
    }

    const verify = (
      image: string,
      identity = ['--certificate-identity', IDENTITY],
      extra: string[] = [],
    ) =>
      signet([
        'verify',
        '--certificate-chain',
        file('chain.pem'),
        ...identity,
        '--certificate-oidc-issuer',
        ISSUER,
        '--tlog-key',
        logKey,
        '--rekor-url',
        log.url,
        '--insecure-ignore-sct',
        ...extra,
        image,
      ]);

    before(async () => {
      cosign = await startCosign(peerPath(peer.lookup));
      log = await startTemporaryTlogServer();
      pki = await createKeylessPki(`signet ${peer.name}`);
      await writeFile(file('chain.pem'), pki.chainPem);
      const rekor = new RekorClient(log.url);
      logKey = file('log.pub');
      await writeFile(logKey, await rekor.publicKeyPem());
      await rekor.close();
      await leaf('builder', { identity: IDENTITY, issuer: ISSUER });
      await leaf('other-issuer', { identity: IDENTITY, issuer: 'https://accounts.google.com' });
      await leaf('expired', {
        identity: IDENTITY,
        issuer: ISSUER,
        notBefore: new Date(Date.now() - 2 * 3600_000),
        notAfter: new Date(Date.now() - 3600_000),
      });
    });
    after(async () => {
      await log?.close();
      await cosign?.close();
    });

    it('verifies a legacy .sig signature with its log entry, printing cosign’s JSON', async () => {
      const image = await signed('builder');
      const run = await verify(image);
      assert.equal(run.code, 0, run.stderr);
      const [claim] = verifiedClaims(run.stdout);
      assert.equal(claim!.digest, image.split('@')[1]);
      const optional = claim!.optional as Record<string, unknown>;
      assert.equal(optional.Subject, IDENTITY);
      assert.equal(optional.Issuer, ISSUER);
      assert.ok(optional.Bundle, 'the Rekor bundle is printed');
      assert.match(run.stderr, /logged at index \d+/);
      const regexp = await verify(image, [
        '--certificate-identity-regexp',
        '^https://github\\.com/example/',
      ]);
      assert.equal(regexp.code, 0, regexp.stderr);
      // cosign's variable for a private log's key works in place of --tlog-key.
      const viaEnv = await runCli(
        [
          'verify',
          '--certificate-chain',
          file('chain.pem'),
          '--certificate-identity',
          IDENTITY,
          '--certificate-oidc-issuer',
          ISSUER,
          '--insecure-ignore-sct',
          image,
        ],
        { SIGSTORE_REKOR_PUBLIC_KEY: logKey },
      );
      assert.equal(viaEnv.code, 0, viaEnv.stderr);
    });

    it('refuses another identity, naming the certificate’s', async () => {
      const image = await signed('builder');
      const run = await verify(image, [
        '--certificate-identity',
        'https://github.com/example/app/.github/workflows/other.yml@refs/heads/main',
      ]);
      assert.equal(run.code, 12, run.stderr);
      assert.match(
        run.stderr,
        /certificate identity "https:\/\/github\.com\/example\/app\/\.github\/workflows\/release\.yml@refs\/heads\/main" does not match/,
      );
    });

    it('refuses another OIDC issuer, naming the certificate’s', async () => {
      const image = await signed('other-issuer');
      const run = await verify(image);
      assert.equal(run.code, 12, run.stderr);
      assert.match(
        run.stderr,
        /certificate OIDC issuer "https:\/\/accounts\.google\.com" does not match "https:\/\/token\.actions\.githubusercontent\.com"/,
      );
    });

    it('refuses a certificate that had expired when the entry was logged', async () => {
      const image = await signed('expired');
      const run = await verify(image);
      assert.equal(run.code, 12, run.stderr);
      assert.match(
        run.stderr,
        /signing certificate is valid from .* to .*, not at the signing time .*log entry \d+ integrated time/,
      );
    });

    it('refuses a signature with no log entry unless the log is ignored', async () => {
      const image = await signed('builder', { logged: false });
      const run = await verify(image);
      assert.equal(run.code, 12, run.stderr);
      assert.match(
        run.stderr,
        /carries no transparency-log entry \(dev\.sigstore\.cosign\/bundle\)/,
      );
      const ignored = await verify(image, undefined, ['--insecure-ignore-tlog']);
      assert.equal(ignored.code, 0, ignored.stderr);
    });

    it('refuses the signature when the CA is not trusted', async () => {
      const image = await signed('builder');
      const stranger = await createKeylessPki('stranger');
      await writeFile(file('stranger-chain.pem'), stranger.chainPem);
      const run = await signet([
        'verify',
        '--certificate-chain',
        file('stranger-chain.pem'),
        '--certificate-identity',
        IDENTITY,
        '--certificate-oidc-issuer',
        ISSUER,
        '--tlog-key',
        logKey,
        '--insecure-ignore-sct',
        image,
      ]);
      assert.equal(run.code, 12, run.stderr);
      assert.match(run.stderr, /CERTIFICATE_ERROR/);
    });

    if (peer.name === 'cosign3') {
      it('verifies a Sigstore bundle referrer signed with the certificate', async () => {
        const image = await signed('builder', { layout: 'bundle' });
        const run = await verify(image);
        assert.equal(run.code, 0, run.stderr);
        const [claim] = verifiedClaims(run.stdout);
        assert.equal((claim!.optional as Record<string, unknown>).Subject, IDENTITY);
        const wrong = await verify(image, ['--certificate-identity', 'someone@example.com']);
        assert.equal(wrong.code, 12, wrong.stderr);
        assert.match(wrong.stderr, /does not match "someone@example\.com"/);
      });
    }
  });
}
