// Signet's transparency log between the two tools, both ways, with cosign v3 and v2 on
// both registries: `cosign sign --rekor-url <Signet's log>` verified by `signet verify`
// with the log key (or cosign's trusted root), and `signet sign --tlog-url` (or cosign's
// --rekor-url) verified by `cosign verify --trusted-root` naming Signet's log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registryTargets } from '../../src/testing/index.js';
import { peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import {
  cosignPeers,
  cosignSignArgs,
  cosignVerifyArgs,
  useInteropRegistry,
  signet,
  startCosign,
  type Cosign,
} from './cosign-interop-harness.js';

const LAYOUTS = ['legacy', 'bundle'] as const;

for (const peer of cosignPeers()) {
  describe(`Signet's log with ${peer.name}`, { skip: peer.lookup.skipReason }, () => {
    let cosign: Cosign;
    let log: RunningTlogServer;
    let logKey: string;
    let strangerLogKey: string;
    let trustedRoot: string;
    let strangerRoot: string;
    let emptyRoot: string;
    const file = (name: string) => join(cosign.dir, name);

    /** `cosign trusted-root create` trusting the log key in `pem` for Signet's log URL. */
    async function trustedRootFor(pem: string, out: string): Promise<void> {
      const made = await cosign.run([
        'trusted-root',
        'create',
        `--rekor=url=${log.url},public-key=${pem},start-time=2020-01-01T00:00:00Z`,
        '--out',
        out,
      ]);
      assert.equal(made.code, 0, made.stderr);
    }

    before(async () => {
      cosign = await startCosign(peerPath(peer.lookup));
      log = await startTemporaryTlogServer();
      const made = await cosign.run(['generate-key-pair', '--output-key-prefix', file('cosign')]);
      assert.equal(made.code, 0, made.stderr);
      const ours = await signet(['generate-key-pair', '--output-key-prefix', file('signet')]);
      assert.equal(ours.code, 0, ours.stderr);
      for (const kind of ['ecdsa-p384', 'ecdsa-p521', 'ed25519']) {
        const args = ['generate-key-pair', '--key-type', kind, '--output-key-prefix', file(kind)];
        const made = await signet(args);
        assert.equal(made.code, 0, made.stderr);
      }
      const rekor = new RekorClient(log.url);
      logKey = file('log.pub');
      await writeFile(logKey, await rekor.publicKeyPem());
      await rekor.close();
      strangerLogKey = file('stranger-log.pub');
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
      await writeFile(strangerLogKey, stranger.export({ type: 'spki', format: 'pem' }));
      trustedRoot = file('trusted-root.json');
      strangerRoot = file('stranger-root.json');
      emptyRoot = file('empty-root.json');
      await trustedRootFor(logKey, trustedRoot);
      await trustedRootFor(strangerLogKey, strangerRoot);
      const empty = await cosign.run(['trusted-root', 'create', '--out', emptyRoot]);
      assert.equal(empty.code, 0, empty.stderr);
    });
    after(async () => {
      await log.close();
      await cosign.close();
    });

    for (const target of registryTargets()) {
      describe(`on the ${target.name} registry`, { skip: target.skipReason }, () => {
        const registry = useInteropRegistry(() => target.start(), `${peer.name}/logged`);
        const { fresh } = registry;

        for (const layout of LAYOUTS) {
          it(`verifies the log entry of a ${layout} signature cosign recorded in Signet's log`, async () => {
            const { ref, n } = await fresh();
            const signed = await cosign.run(
              cosignSignArgs(file('cosign.key'), ref, layout, log.url),
            );
            assert.equal(signed.code, 0, signed.stderr);

            const report = file(`report-${n}.json`);
            const verified = await signet([
              'verify',
              '--key',
              file('cosign.pub'),
              '--tlog-key',
              logKey,
              '--tlog-required',
              '--report',
              report,
              ref,
            ]);
            assert.equal(verified.code, 0, verified.stderr);
            const images = (JSON.parse(await readFile(report, 'utf8')) as ReportFile).images;
            assert.equal(images[0]?.verified[0]?.checks.tlog, 'verified');
            assert.equal(images[0]?.verified[0]?.layout, layout);

            const viaRoot = ['verify', '--key', file('cosign.pub'), '--tlog-required', ref];
            assert.equal((await signet([...viaRoot, '--trusted-root', trustedRoot])).code, 0);
            const stranger = await signet([...viaRoot, '--trusted-root', strangerRoot]);
            assert.equal(stranger.code, 12, stranger.stderr);
          });

          it(`records a ${layout} signature in Signet's log that cosign verifies through a trusted root`, async () => {
            const { ref, n } = await fresh();
            // Once as Signet spells it, once with cosign's --rekor-url: both record the entry.
            const flag = n % 2 === 0 ? '--tlog-url' : '--rekor-url';
            const signed = await signet([
              'sign',
              '--key',
              file('signet.key'),
              '--layout',
              layout,
              flag,
              log.url,
              ref,
            ]);
            assert.equal(signed.code, 0, signed.stderr);
            assert.match(signed.stdout, /Recorded in the transparency log/);

            const pub = file('signet.pub');
            const trusted = await cosign.run(
              cosignVerifyArgs(pub, ref, layout, { emptyRoot, trustedRoot }),
            );
            assert.equal(trusted.code, 0, trusted.stderr);
            const stranger = await cosign.run(
              cosignVerifyArgs(pub, ref, layout, { emptyRoot, trustedRoot: strangerRoot }),
            );
            assert.notEqual(stranger.code, 0, 'cosign must reject an entry of an untrusted log');
          });
        }

        it('records P-384, P-521 and Ed25519 bundles in the log, and cosign verifies them', async () => {
          for (const kind of ['ecdsa-p384', 'ecdsa-p521', 'ed25519']) {
            const { ref } = await fresh();
            const sign = ['sign', '--key', file(`${kind}.key`), '--layout', 'bundle'];
            const signed = await signet([...sign, '--tlog-url', log.url, ref]);
            assert.equal(signed.code, 0, `${kind}: ${signed.stderr}`);
            const theirs = await cosign.run(
              cosignVerifyArgs(file(`${kind}.pub`), ref, 'bundle', { emptyRoot, trustedRoot }),
            );
            assert.equal(theirs.code, 0, `${kind}: ${theirs.stderr}`);
            const ours = ['verify', '--key', file(`${kind}.pub`), '--tlog-required', ref];
            assert.equal((await signet([...ours, '--trusted-root', trustedRoot])).code, 0, kind);
          }
        });

        it('records nothing with --tlog-upload=false, so a log-requiring verifier refuses it', async () => {
          const { ref } = await fresh();
          const signed = await signet([
            'sign',
            '--key',
            file('signet.key'),
            '--rekor-url',
            log.url,
            '--tlog-upload=false',
            ref,
          ]);
          assert.equal(signed.code, 0, signed.stderr);
          assert.doesNotMatch(signed.stdout, /Recorded in the transparency log/);
          const theirs = await cosign.run(
            cosignVerifyArgs(file('signet.pub'), ref, 'legacy', { emptyRoot, trustedRoot }),
          );
          assert.notEqual(theirs.code, 0, 'cosign requires a log entry with a trusted root');
          const ours = await signet([
            'verify',
            '--key',
            file('signet.pub'),
            '--tlog-key',
            logKey,
            '--tlog-required',
            ref,
          ]);
          assert.equal(ours.code, 12, ours.stderr);
          const ignored = await signet([
            'verify',
            '--key',
            file('signet.pub'),
            '--insecure-ignore-tlog',
            ref,
          ]);
          assert.equal(ignored.code, 0, ignored.stderr);
        });
      });
    }
  });
}

interface ReportFile {
  images: { verified: { layout: string; checks: { tlog: string } }[] }[];
}
