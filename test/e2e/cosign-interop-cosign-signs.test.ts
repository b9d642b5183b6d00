// Real cosign (v3 and v2) signs, Signet verifies: cosign's own encrypted keys and keys
// Signet generated, the legacy `.sig` layout and the Sigstore bundle referrers, on the
// distribution registry (no referrers API) and the embedded one. Signet's verify output
// reads like cosign's under one filter; `download signature` and `tree` show the same
// signatures; cosign's download output verifies offline in Signet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
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
  type VerifiedClaim,
} from './cosign-interop-harness.js';

const LAYOUTS = ['legacy', 'bundle'] as const;

for (const peer of cosignPeers()) {
  describe(`${peer.name} signs, Signet verifies`, { skip: peer.lookup.skipReason }, () => {
    let cosign: Cosign;
    let emptyRoot: string;
    const key = (name: string) => join(cosign.dir, `${name}.key`);
    const pub = (name: string) => join(cosign.dir, `${name}.pub`);

    before(async () => {
      cosign = await startCosign(peerPath(peer.lookup));
      emptyRoot = await makeInteropKeys(cosign);
    });
    after(() => cosign.close());

    for (const target of registryTargets()) {
      describe(`on the ${target.name} registry`, { skip: target.skipReason }, () => {
        const registry = useInteropRegistry(() => target.start(), `${peer.name}/signs`);
        const { fresh } = registry;

        for (const layout of LAYOUTS) {
          it(`verifies a ${layout} signature made with cosign's key, printing what cosign prints`, async () => {
            const { ref, digest } = await fresh();
            const args = cosignSignArgs(key('cosign'), ref, layout);
            args.splice(-1, 0, '-a', 'env=prod');
            const signed = await cosign.run(args);
            assert.equal(signed.code, 0, signed.stderr);

            const ours = await signet(['verify', '--key', pub('cosign'), '-o', 'json', ref]);
            assert.equal(ours.code, 0, ours.stderr);
            const theirs = await cosign.run(
              cosignVerifyArgs(pub('cosign'), ref, layout, { emptyRoot }),
            );
            assert.equal(theirs.code, 0, theirs.stderr);
            assert.deepEqual(
              comparable(verifiedClaims(ours.stdout), peer.name, layout),
              comparable(verifiedClaims(theirs.stdout), peer.name, layout),
            );
            assert.equal(verifiedClaims(ours.stdout)[0]?.digest, digest);

            const stranger = await signet(['verify', '--key', pub('signet-ecdsa-p256'), ref]);
            assert.equal(stranger.code, 12, stranger.stderr);
            const annotated = ['verify', '--key', pub('cosign'), '-a'];
            // cosign v2 leaves -a annotations out of bundles (and does not check them when
            // verifying): nothing signed says env=prod, so Signet does not accept it.
            const unsignedAnnotation = peer.name === 'cosign2' && layout === 'bundle';
            const withProd = await signet([...annotated, 'env=prod', ref]);
            assert.equal(withProd.code, unsignedAnnotation ? 12 : 0, withProd.stderr);
            assert.equal((await signet([...annotated, 'env=dev', ref])).code, 12);
          });

          it(`lets cosign sign in the ${layout} layout with a key Signet generated`, async () => {
            const { ref } = await fresh();
            const signed = await cosign.run(cosignSignArgs(key('signet-ecdsa-p256'), ref, layout));
            assert.equal(signed.code, 0, signed.stderr);
            assert.equal(
              (await signet(['verify', '--key', pub('signet-ecdsa-p256'), ref])).code,
              0,
            );
            assert.equal((await signet(['verify', '--key', pub('cosign'), ref])).code, 12);
          });
        }

        it("downloads the signatures cosign downloads, and verifies cosign's download offline", async () => {
          for (const layout of LAYOUTS) {
            const { ref, digest, n } = await fresh();
            const signed = await cosign.run(cosignSignArgs(key('cosign'), ref, layout));
            assert.equal(signed.code, 0, signed.stderr);
            const ours = await signet(['download', 'signature', ref]);
            assert.equal(ours.code, 0, ours.stderr);
            const theirs = await cosign.run(['download', 'signature', ...COSIGN_REGISTRY, ref]);
            // cosign v2 reads only the legacy layout: it finds nothing in a bundle-only image.
            if (theirs.code === 0) assert.deepEqual(lines(ours.stdout), lines(theirs.stdout));
            else assert.equal(peer.name === 'cosign2' && layout === 'bundle', true, theirs.stderr);

            const file = join(cosign.dir, `download-${n}.jsonl`);
            await writeFile(file, theirs.code === 0 ? theirs.stdout : ours.stdout);
            const offline = `127.0.0.1:9/${peer.name}/offline@${digest}`;
            const verified = await signet([
              'verify',
              '--offline',
              '--signatures',
              file,
              '--key',
              pub('cosign'),
              offline,
            ]);
            assert.equal(verified.code, 0, verified.stderr);
            const other = await signet([
              'verify',
              '--offline',
              '--signatures',
              file,
              '--key',
              pub('signet-ecdsa-p256'),
              offline,
            ]);
            assert.equal(other.code, 12, other.stderr);
          }
        });

        it('shows in its tree the signatures cosign tree shows', async () => {
          const { ref } = await fresh();
          for (const layout of LAYOUTS)
            assert.equal((await cosign.run(cosignSignArgs(key('cosign'), ref, layout))).code, 0);
          const theirs = await cosign.run(['tree', ...COSIGN_REGISTRY, ref]);
          assert.equal(theirs.code, 0, theirs.stderr);
          const ours = await signet(['image', 'tree', '-o', 'json', ref]);
          assert.equal(ours.code, 0, ours.stderr);
          const tree = JSON.parse(ours.stdout) as {
            attachments: {
              layout: string;
              tag?: string;
              digest: string;
              items: { digest: string }[];
            }[];
          };
          const legacy = tree.attachments.find((a) => a.layout === 'tag');
          assert.ok(legacy?.tag !== undefined);
          assert.match(theirs.stdout, new RegExp(`:${legacy.tag.replace('.', '\\.')}\\n`));
          for (const item of legacy.items) assert.ok(theirs.stdout.includes(item.digest));
          const referrers = tree.attachments.filter((a) => a.layout === 'referrer');
          assert.equal(referrers.length, 1);
          // cosign v2 does not look for referrers; v3 lists the bundle by manifest digest.
          if (peer.name === 'cosign3')
            assert.ok(theirs.stdout.includes(`@${referrers[0]!.digest}`));
        });
      });
    }

    describe('with every key type Signet generates', () => {
      const registry = useInteropRegistry(startInMemoryRegistry, `${peer.name}/key-types`);
      for (const kind of ['ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa'])
        it(`verifies what cosign signs with a ${kind} key, in both layouts`, async () => {
          for (const layout of LAYOUTS) {
            const { ref } = await pushFresh(
              registry.client,
              registry.host,
              `${peer.name}/${kind}-${layout}`,
            );
            const signed = await cosign.run(cosignSignArgs(key(`signet-${kind}`), ref, layout));
            assert.equal(signed.code, 0, signed.stderr);
            const verified = await signet(['verify', '--key', pub(`signet-${kind}`), ref]);
            assert.equal(verified.code, 0, `${layout}: ${verified.stderr}`);
          }
        });
    });
  });
}

/**
 * cosign v2 prints `optional: null` for every bundle (it drops the statement's subject
 * annotations); cosign v3, which Signet follows, prints them. Compared without it for v2.
 */
function comparable(claims: VerifiedClaim[], peer: string, layout: string): unknown[] {
  if (peer !== 'cosign2' || layout !== 'bundle') return claims;
  return claims.map(({ optional: _dropped, ...rest }) => rest);
}

/** Each line of a download as JSON, so that key order and spacing do not matter. */
function lines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
