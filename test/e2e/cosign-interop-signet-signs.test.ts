// Signet signs, real cosign (v3 and v2) verifies: keys Signet generated and cosign's own
// encrypted keys, the legacy `.sig` layout and the Sigstore bundle referrers, on the
// distribution registry (no referrers API) and the embedded one. The same command lines
// drive both tools (cosign's flags are accepted by Signet), their verify output reads the
// same under one filter, and both download the same signatures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registryTargets, startInMemoryRegistry } from '../../src/testing/index.js';
import { peerPath } from '../../src/testing/peers.js';
import {
  COSIGN_REGISTRY,
  cosignPeers,
  cosignSignArgs,
  cosignVerifyArgs,
  makeInteropKeys,
  pushFresh,
  useInteropRegistry,
  signet,
  startCosign,
  verifiedClaims,
  type Cosign,
} from './cosign-interop-harness.js';

const LAYOUTS = ['legacy', 'bundle'] as const;

for (const peer of cosignPeers()) {
  describe(`Signet signs, ${peer.name} verifies`, { skip: peer.lookup.skipReason }, () => {
    let cosign: Cosign;
    let emptyRoot: string;
    const key = (name: string) => join(cosign.dir, `${name}.key`);
    const pub = (name: string) => join(cosign.dir, `${name}.pub`);
    const trust = () => ({ emptyRoot });

    before(async () => {
      cosign = await startCosign(peerPath(peer.lookup));
      emptyRoot = await makeInteropKeys(cosign);
    });
    after(() => cosign.close());

    for (const target of registryTargets()) {
      describe(`on the ${target.name} registry`, { skip: target.skipReason }, () => {
        const registry = useInteropRegistry(() => target.start(), `${peer.name}/verifies`);
        const { fresh } = registry;

        for (const layout of LAYOUTS) {
          it(`signs in the ${layout} layout with a Signet key from cosign's command line`, async () => {
            const { ref, digest, n } = await fresh();
            // cosign's own argument list, unchanged: -y, --tlog-upload=false, --new-bundle-format…
            const signed = await signet(cosignSignArgs(key('signet-ecdsa-p256'), ref, layout));
            assert.equal(signed.code, 0, signed.stderr);

            const theirs = await cosign.run(
              cosignVerifyArgs(pub('signet-ecdsa-p256'), ref, layout, trust()),
            );
            assert.equal(theirs.code, 0, theirs.stderr);
            const output = join(cosign.dir, `verify-${n}.json`);
            const ours = await signet([
              ...cosignVerifyArgs(pub('signet-ecdsa-p256'), ref, layout, trust()),
              '--output-file',
              output,
            ]);
            assert.equal(ours.code, 0, ours.stderr);
            const claims = verifiedClaims(await readFile(output, 'utf8'));
            assert.equal(claims[0]?.digest, digest);
            if (peer.name === 'cosign3') assert.deepEqual(claims, verifiedClaims(theirs.stdout));
            else
              assert.deepEqual(
                claims.map((c) => c.digest),
                verifiedClaims(theirs.stdout).map((c) => c.digest),
              );

            const stranger = await cosign.run(
              cosignVerifyArgs(pub('cosign'), ref, layout, trust()),
            );
            assert.notEqual(stranger.code, 0, 'cosign must reject a signature by another key');
          });

          it(`signs in the ${layout} layout with cosign's encrypted key`, async () => {
            const { ref } = await fresh();
            const signed = await signet(['sign', '--key', key('cosign'), '--layout', layout, ref]);
            assert.equal(signed.code, 0, signed.stderr);
            const theirs = await cosign.run(cosignVerifyArgs(pub('cosign'), ref, layout, trust()));
            assert.equal(theirs.code, 0, theirs.stderr);
          });
        }

        it('downloads the same signatures cosign downloads', async () => {
          for (const layout of LAYOUTS) {
            const { ref } = await fresh();
            const signed = await signet(['sign', '--key', key('cosign'), '--layout', layout, ref]);
            assert.equal(signed.code, 0, signed.stderr);
            const ours = await signet(['download', 'signature', ref]);
            assert.equal(ours.code, 0, ours.stderr);
            const theirs = await cosign.run(['download', 'signature', ...COSIGN_REGISTRY, ref]);
            if (peer.name === 'cosign2' && layout === 'bundle') {
              // cosign v2 reads only the legacy layout.
              assert.notEqual(theirs.code, 0);
              continue;
            }
            assert.equal(theirs.code, 0, theirs.stderr);
            assert.deepEqual(parsedLines(ours.stdout), parsedLines(theirs.stdout));
          }
        });

        it('gives each image of a batch its own verdict and exits with the most severe', async () => {
          const signedImage = await fresh();
          const unsigned = await fresh();
          const missing = `${registry.host}/${peer.name}/missing:1.0`;
          const signed = await signet(['sign', '--key', key('cosign'), signedImage.ref]);
          assert.equal(signed.code, 0, signed.stderr);

          const notFound = await signet([
            'verify',
            '--key',
            pub('cosign'),
            missing,
            signedImage.ref,
          ]);
          assert.equal(notFound.code, 11, notFound.stderr);
          assert.equal(verifiedClaims(notFound.stdout)[0]?.digest, signedImage.digest);

          const batch = await signet([
            'verify',
            '--key',
            pub('cosign'),
            missing,
            unsigned.ref,
            signedImage.ref,
          ]);
          assert.equal(batch.code, 10, batch.stderr);
          assert.match(batch.stderr, /REGISTRY_NOT_FOUND/);
          assert.match(batch.stderr, /NO_SIGNATURES/);
          assert.equal(verifiedClaims(batch.stdout)[0]?.digest, signedImage.digest);
        });
      });
    }

    it('exchanges blob signatures with cosign sign-blob and verify-blob, both ways', async () => {
      const blob = join(cosign.dir, 'artefact.txt');
      await writeFile(blob, 'release artefact\n');
      // cosign verify-blob checks SHA-256 unless told the curve's hash, as for images.
      const digestFlag: Record<string, string[]> = {
        'ecdsa-p384': ['--signature-digest-algorithm', 'sha384'],
        'ecdsa-p521': ['--signature-digest-algorithm', 'sha512'],
      };
      const plain = [
        '--new-bundle-format=false',
        '--tlog-upload=false',
        '--use-signing-config=false',
      ];
      for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa']) {
        const ours = join(cosign.dir, `${kind}-signet.sig`);
        const theirs = join(cosign.dir, `${kind}-cosign.sig`);
        const signArgs = ['sign-blob', '--key', key(`signet-${kind}`), '-y', ...plain];
        const signed = await signet([...signArgs, '--output-signature', ours, blob]);
        assert.equal(signed.code, 0, signed.stderr);
        const cosignSigned = await cosign.run([...signArgs, '--output-signature', theirs, blob]);
        // cosign v2.6 sign-blob panics on Ed25519 keys without a log ("requested hash
        // function #0 is unavailable"): there is no cosign signature to check then.
        if (peer.name === 'cosign2' && kind === 'ed25519')
          assert.match(cosignSigned.stderr, /hash function #0 is unavailable/);
        else assert.equal(cosignSigned.code, 0, cosignSigned.stderr);
        const verifyArgs = (signature: string) => [
          'verify-blob',
          '--key',
          pub(`signet-${kind}`),
          '--signature',
          signature,
          '--insecure-ignore-tlog',
          blob,
        ];
        const checked = await cosign.run([...verifyArgs(ours), ...(digestFlag[kind] ?? [])]);
        assert.equal(checked.code, 0, `${kind}: ${checked.stderr}`);
        if (cosignSigned.code === 0) assert.equal((await signet(verifyArgs(theirs))).code, 0, kind);
        assert.equal((await signet(verifyArgs(ours))).code, 0, kind);
      }
    });

    describe('with every key type Signet generates', () => {
      const registry = useInteropRegistry(startInMemoryRegistry, `${peer.name}/key-types`);

      // cosign signs .sig payloads with the curve's hash and verifies with SHA-256 unless
      // told otherwise; bundles are signed with SHA-256, which every Sigstore verifier takes.
      const LEGACY_DIGEST: Record<string, string> = {
        'ecdsa-p384': 'sha384',
        'ecdsa-p521': 'sha512',
      };
      for (const kind of ['ecdsa-p384', 'ecdsa-p521', 'rsa', 'ed25519'])
        for (const layout of LAYOUTS)
          it(`signs ${layout} signatures with a ${kind} key that cosign accepts as its own`, async () => {
            const ours = await pushFresh(
              registry.client,
              registry.host,
              `${peer.name}/${kind}-${layout}`,
            );
            const signed = await signet([
              'sign',
              '--key',
              key(`signet-${kind}`),
              '--layout',
              layout,
              ours.ref,
            ]);
            assert.equal(signed.code, 0, signed.stderr);
            const verifyArgs = (ref: string) =>
              cosignVerifyArgs(pub(`signet-${kind}`), ref, layout, {
                emptyRoot,
                ...(layout === 'legacy' && LEGACY_DIGEST[kind] !== undefined
                  ? { digestAlgorithm: LEGACY_DIGEST[kind] }
                  : {}),
              });
            const verified = await cosign.run(verifyArgs(ours.ref));
            if (kind === 'ed25519' && layout === 'legacy') {
              // cosign signs .sig payloads with Ed25519ph but verifies pure Ed25519 only, so
              // it rejects its own Ed25519 .sig signatures too: Signet's get the same verdict.
              const own = await pushFresh(
                registry.client,
                registry.host,
                `${peer.name}/own-ed25519`,
              );
              const ownSigned = await cosign.run(
                cosignSignArgs(key('signet-ed25519'), own.ref, 'legacy'),
              );
              assert.equal(ownSigned.code, 0, ownSigned.stderr);
              assert.equal(verified.code, (await cosign.run(verifyArgs(own.ref))).code);
              return;
            }
            assert.equal(verified.code, 0, verified.stderr);
          });
    });
  });
}

/** Each line of a download as JSON, so that key order and spacing do not matter. */
function parsedLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
