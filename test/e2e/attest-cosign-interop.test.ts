// Attestations between Signet and real cosign (v3 and v2), both ways, in both layouts
// (the `.att` tag and Sigstore bundle referrers), on the distribution registry (no
// referrers API) and the embedded one: cosign attests and Signet verifies, Signet attests
// and cosign verifies, with keys of both tools; Signet's log entries are checked by
// cosign through a trusted root naming Signet's log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registryTargets } from '../../src/testing/index.js';
import { peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import {
  COSIGN_REGISTRY,
  cosignPeers,
  makeInteropKeys,
  signet,
  startCosign,
  useInteropRegistry,
  type Cosign,
} from './cosign-interop-harness.js';
import { statements } from './attest-statements.js';

const LAYOUTS = ['legacy', 'bundle'] as const;
const VULN = {
  scanner: { uri: 'pkg:github/aquasecurity/trivy', version: '0.74.0', result: { critical: 0 } },
};

for (const peer of cosignPeers()) {
  describe(`attestations between Signet and ${peer.name}`, { skip: peer.lookup.skipReason }, () => {
    let cosign: Cosign;
    let emptyRoot: string;
    let log: RunningTlogServer;
    let logRoot: string;
    const file = (name: string) => join(cosign.dir, name);

    /** cosign's own flags for each layout: no public log, no signing config. */
    const cosignLayout = (layout: 'legacy' | 'bundle') => [
      `--new-bundle-format=${layout === 'bundle'}`,
    ];
    const cosignVerify = (
      pub: string,
      type: string,
      ref: string,
      layout: 'legacy' | 'bundle',
      root?: string,
    ) => [
      'verify-attestation',
      '--key',
      pub,
      '--type',
      type,
      ...cosignLayout(layout),
      ...(root === undefined
        ? ['--insecure-ignore-tlog', ...(layout === 'bundle' ? ['--trusted-root', emptyRoot] : [])]
        : ['--trusted-root', root]),
      ...COSIGN_REGISTRY,
      ref,
    ];

    /** `signet verify-attestation --key PUB --type vuln EXTRA… IMAGE` on the interop registry. */
    const signetVerifyVuln = (pub: string, ref: string, extra: readonly string[] = []) =>
      signet([
        'verify-attestation',
        '--key',
        pub,
        '--type',
        'vuln',
        ...extra,
        ...COSIGN_REGISTRY,
        ref,
      ]);

    before(async () => {
      cosign = await startCosign(peerPath(peer.lookup));
      emptyRoot = await makeInteropKeys(cosign);
      await writeFile(file('vuln.json'), JSON.stringify(VULN));
      log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
      const pem = file('log.pub');
      await writeFile(pem, await (await fetch(`${log.url}/api/v1/log/publicKey`)).text());
      logRoot = file('log-root.json');
      const made = await cosign.run([
        'trusted-root',
        'create',
        `--rekor=url=${log.url},public-key=${pem},start-time=2020-01-01T00:00:00Z`,
        '--out',
        logRoot,
      ]);
      assert.equal(made.code, 0, made.stderr);
    });
    after(async () => {
      await log.close();
      await cosign.close();
    });

    for (const target of registryTargets()) {
      describe(`on the ${target.name} registry`, { skip: target.skipReason }, () => {
        const { fresh } = useInteropRegistry(() => target.start(), `${peer.name}/attest`);

        it('downloads the same attestations cosign downloads', async () => {
          const { ref } = await fresh();
          for (const type of ['vuln', 'custom']) {
            const made = await signet([
              'attest',
              '--key',
              file('cosign.key'),
              '--type',
              type,
              '--predicate',
              file('vuln.json'),
              ...COSIGN_REGISTRY,
              ref,
            ]);
            assert.equal(made.code, 0, made.stderr);
          }
          const ours = await signet(['download', 'attestation', ...COSIGN_REGISTRY, ref]);
          assert.equal(ours.code, 0, ours.stderr);
          const theirs = await cosign.run(['download', 'attestation', ...COSIGN_REGISTRY, ref]);
          assert.equal(theirs.code, 0, theirs.stderr);
          // The same documents; cosign does not keep the layers' order.
          const lines = (text: string) =>
            text
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .map((l) => JSON.stringify(JSON.parse(l)))
              .sort();
          assert.equal(lines(ours.stdout).length, 2);
          assert.deepEqual(lines(ours.stdout), lines(theirs.stdout));
          const vuln = await signet([
            'download',
            'attestation',
            '--predicate-type',
            'vuln',
            ...COSIGN_REGISTRY,
            ref,
          ]);
          assert.equal(lines(vuln.stdout).length, 1);
        });

        for (const layout of LAYOUTS) {
          it(`verifies what cosign attests in the ${layout} layout`, async () => {
            const { ref, digest } = await fresh();
            const made = await cosign.run([
              'attest',
              '--key',
              file('cosign.key'),
              '--type',
              'vuln',
              '--predicate',
              file('vuln.json'),
              '-y',
              '--use-signing-config=false',
              '--tlog-upload=false',
              ...cosignLayout(layout),
              ...COSIGN_REGISTRY,
              ref,
            ]);
            assert.equal(made.code, 0, made.stderr);
            const ours = await signetVerifyVuln(file('cosign.pub'), ref);
            assert.equal(ours.code, 0, ours.stderr);
            const [statement] = statements(ours.stdout);
            assert.equal(
              statement?.predicateType,
              'https://cosign.sigstore.dev/attestation/vuln/v1',
            );
            assert.equal(JSON.stringify(statement?.subject).includes(digest.slice(7)), true);
            await writeFile(file('policy.cel'), 'predicate.scanner.result.critical == 0');
            const policy = await signetVerifyVuln(file('cosign.pub'), ref, [
              '--policy',
              file('policy.cel'),
            ]);
            assert.equal(policy.code, 0, policy.stderr);
            const stranger = await signetVerifyVuln(file('signet-ecdsa-p256.pub'), ref);
            assert.equal(stranger.code, 12);
            assert.match(stranger.stderr, /no signature verifies with the key/);
          });

          for (const signer of ['signet-ecdsa-p256', 'cosign'] as const) {
            it(`attests in the ${layout} layout with the ${signer} key, cosign verifies`, async () => {
              const { ref } = await fresh();
              const made = await signet([
                'attest',
                '--key',
                file(`${signer}.key`),
                '--type',
                'vuln',
                '--predicate',
                file('vuln.json'),
                '--layout',
                layout,
                ...COSIGN_REGISTRY,
                ref,
              ]);
              assert.equal(made.code, 0, made.stderr);
              const theirs = await cosign.run(
                cosignVerify(file(`${signer}.pub`), 'vuln', ref, layout),
              );
              assert.equal(theirs.code, 0, theirs.stderr);
              const [statement] = statements(theirs.stdout);
              assert.deepEqual(statement?.predicate, VULN);
              const other = signer === 'cosign' ? 'signet-ecdsa-p256' : 'cosign';
              const stranger = await cosign.run(
                cosignVerify(file(`${other}.pub`), 'vuln', ref, layout),
              );
              assert.notEqual(stranger.code, 0, 'cosign must refuse an attestation by another key');
            });
          }

          it(`records the attestation in Signet's log and cosign checks the entry (${layout})`, async () => {
            const { ref } = await fresh();
            const made = await signet([
              'attest',
              '--key',
              file('signet-ecdsa-p256.key'),
              '--type',
              'vuln',
              '--predicate',
              file('vuln.json'),
              '--layout',
              layout,
              '--rekor-url',
              log.url,
              ...COSIGN_REGISTRY,
              ref,
            ]);
            assert.equal(made.code, 0, made.stderr);
            const theirs = await cosign.run(
              cosignVerify(file('signet-ecdsa-p256.pub'), 'vuln', ref, layout, logRoot),
            );
            assert.equal(theirs.code, 0, theirs.stderr);
            const ours = await signetVerifyVuln(file('signet-ecdsa-p256.pub'), ref, [
              '--trusted-root',
              logRoot,
              '--tlog-required',
            ]);
            assert.equal(ours.code, 0, ours.stderr);
          });
        }
      });
    }
  });
}
