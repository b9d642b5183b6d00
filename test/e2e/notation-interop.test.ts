// Notary Project interoperability against both registries (distribution 2.8: referrers tag
// schema; the embedded registry: referrers API): real notation 1.3 signs (JWS and COSE) and
// `signet notation verify` accepts under a trust store and trust policy; Signet signs and
// `notation verify` accepts; `oras discover` lists Signet's signatures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { findPeer } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import {
  NOTARY_SIGNATURE,
  notationTrustStore,
  runPeer,
  signetNotationVerify,
  succeeded,
  trustPolicy,
} from './notation-harness.js';

const notation = findPeer('notation');
const oras = findPeer('oras');
const skipReason = notation.skipReason ?? oras.skipReason;

for (const target of registryTargets()) {
  describe(
    `Notary Project signatures between notation and Signet on the ${target.name} registry`,
    { skip: skipReason ?? target.skipReason },
    () => {
      let registry: RunningRegistry;
      let home: string;
      let notationSigned: string;
      let signetSigned: string;
      const signetSignatures: string[] = [];
      const notationRun = (...args: string[]) => runPeer(notation, args, home);
      const trustStore = () => notationTrustStore(home);
      const referrersFlag = () =>
        registry.referrersApi ? ['--force-referrers-tag=false'] : ['--force-referrers-tag=true'];

      before(async () => {
        home = await mkdtemp(join(tmpdir(), `signet-notation-interop-${target.name}-`));
        await mkdir(join(home, 'config'));
        registry = await target.start();
        const client = new RegistryClient();
        try {
          const a = await pushImage(
            client,
            parseReference(`${registry.host}/team/by-notation:1`),
            buildImage(),
          );
          const b = await pushImage(
            client,
            parseReference(`${registry.host}/team/by-signet:1`),
            buildImage(),
          );
          notationSigned = `${registry.host}/team/by-notation@${a.digest}`;
          signetSigned = `${registry.host}/team/by-signet@${b.digest}`;
        } finally {
          await client.close();
        }
        succeeded(
          await notationRun('cert', 'generate-test', '--default', 'notation-key'),
          'notation cert generate-test',
        );
        const made = await runCli([
          'certs',
          'generate-test',
          'signet-key',
          '--dir',
          home,
          '--trust-store',
          trustStore(),
          '--key-type',
          'ec-256',
        ]);
        assert.equal(made.code, 0, made.stderr);
        assert.match(
          made.stdout,
          /^x509\.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=signet-key/,
        );
      });
      after(async () => {
        await registry?.stop();
        if (home !== undefined) await rm(home, { recursive: true, force: true });
      });

      for (const format of ['jws', 'cose'] as const) {
        it(`verifies a ${format.toUpperCase()} signature made by notation under a trust store and trust policy`, async () => {
          succeeded(
            await notationRun(
              'sign',
              '--insecure-registry',
              '--signature-format',
              format,
              ...referrersFlag(),
              notationSigned,
            ),
            'notation sign',
          );
          await writeFile(join(home, 'notation-only.json'), trustPolicy(['ca:notation-key']));
          const run = await signetNotationVerify(
            home,
            'notation-only.json',
            notationSigned,
            '-o',
            'json',
          );
          assert.equal(run.code, 0, run.stderr);
          const [report] = JSON.parse(run.stdout) as {
            verified: boolean;
            signer: string;
            checks: { check: string; result: string }[];
          }[];
          assert.equal(report!.verified, true);
          assert.match(report!.signer, /CN=notation-key/);
          assert.deepEqual(
            report!.checks.map((c) => c.result),
            ['passed', 'passed', 'passed', 'passed', 'passed'],
          );
        });
      }

      it("lists both of notation's envelopes with their formats", async () => {
        const run = await runCli(['notation', 'list', '-o', 'json', notationSigned]);
        assert.equal(run.code, 0, run.stderr);
        const listed = JSON.parse(run.stdout) as {
          referrersSource: string;
          signatures: { mediaType: string; signingAgent: string }[];
        };
        assert.equal(listed.referrersSource, registry.referrersApi ? 'api' : 'tag-schema');
        assert.deepEqual(listed.signatures.map((s) => s.mediaType).sort(), [
          'application/cose',
          'application/jose+json',
        ]);
        assert.ok(listed.signatures.every((s) => s.signingAgent.startsWith('notation-go/')));
      });

      it("refuses notation's signatures when the trust store holds only another certificate", async () => {
        await writeFile(join(home, 'signet-only.json'), trustPolicy(['ca:signet-key']));
        const run = await signetNotationVerify(home, 'signet-only.json', notationSigned);
        assert.equal(run.code, 12, run.stderr);
        assert.match(
          run.stderr,
          /NOTATION_VERIFICATION_FAILED.*authenticity check .*untrusted CA/s,
        );
        assert.ok(run.stderr.includes(notationSigned));
      });

      for (const format of ['jws', 'cose'] as const) {
        it(`signs with Signet in ${format.toUpperCase()} and notation verify accepts it`, async () => {
          const run = await runCli([
            'notation',
            'sign',
            '--key',
            join(home, 'signet-key.key'),
            '--cert',
            join(home, 'signet-key.crt'),
            '--signature-format',
            format,
            '--expiry',
            '24h',
            signetSigned,
          ]);
          assert.equal(run.code, 0, run.stderr);
          signetSignatures.push(run.stdout.trim());
          await writeFile(
            join(home, 'signet-only.json'),
            trustPolicy(
              ['ca:signet-key'],
              ['x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=signet-key'],
            ),
          );
          succeeded(
            await notationRun('policy', 'import', '--force', 'signet-only.json'),
            'notation policy import',
          );
          const verified = succeeded(
            await notationRun('verify', '--insecure-registry', signetSigned),
            'notation verify',
          );
          assert.match(verified.stdout + verified.stderr, /Successfully verified signature/);
        });
      }

      it("shows Signet's signatures in oras discover as Notary signatures", async () => {
        const discovered = JSON.parse(
          succeeded(
            await runPeer(
              oras,
              ['discover', '--plain-http', '--format', 'json', signetSigned],
              home,
            ),
            'oras discover',
          ).stdout,
        ) as { referrers: { digest: string; artifactType: string }[] };
        const byDigest = new Map(discovered.referrers.map((r) => [r.digest, r.artifactType]));
        assert.equal(signetSignatures.length, 2);
        for (const digest of signetSignatures) assert.equal(byDigest.get(digest), NOTARY_SIGNATURE);
      });

      it("verifies its own signatures with Signet, and notation refuses them under a policy trusting only notation's key", async () => {
        const own = await signetNotationVerify(home, 'signet-only.json', signetSigned);
        assert.equal(own.code, 0, own.stderr);
        assert.match(
          own.stdout,
          /verified signature sha256:[0-9a-f]{64} by C=US, ST=WA, L=Seattle, O=Notary, CN=signet-key/,
        );
        await writeFile(join(home, 'notation-only.json'), trustPolicy(['ca:notation-key']));
        succeeded(
          await notationRun('policy', 'import', '--force', 'notation-only.json'),
          'notation policy import',
        );
        const refused = await notationRun('verify', '--insecure-registry', signetSigned);
        assert.notEqual(
          refused.code,
          0,
          'notation accepted a signature from a certificate it does not trust',
        );
      });
    },
  );
}
