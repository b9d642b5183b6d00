// `signet attest` and `signet verify-attestation` end to end, on the real distribution
// registry (no referrers API) and the embedded one (with it): both layouts, predicate
// types, --replace, a real Signet log and CEL policies. Refused input: attest-cli-input.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import type { RegistryClient } from '../../src/oci/remote/index.js';
import { digestOf } from '../../src/core/digest.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { attestCliHarness, run } from './attest-cli-harness.js';
import { statements } from './attest-statements.js';

for (const target of registryTargets()) {
  describe(
    `signet attest and verify-attestation on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      const { state, file, fresh, attestWithKey, attestVuln, attTag, verifyWithKey } =
        attestCliHarness(target);
      let registry: RunningRegistry;
      let log: RunningTlogServer;
      let client: RegistryClient;
      let key = '';
      let pub = '';
      let otherPub = '';
      let logKey = '';
      before(() => {
        ({ registry, log, client, key, pub, otherPub, logKey } = state());
      });

      for (const layout of ['legacy', 'bundle'] as const) {
        it(`attests in the ${layout} layout and verifies the statement about the image`, async () => {
          const image = await fresh();
          const made = await run([
            'attest',
            '--key',
            key,
            '--type',
            'vuln',
            '--predicate',
            file('vuln.json'),
            '--layout',
            layout,
            '--allow-http-registry',
            image.ref,
          ]);
          assert.equal(made.code, 0, made.stderr);
          assert.match(made.stderr, /resolved .* to sha256:/);
          const verified = await run([
            'verify-attestation',
            '--key',
            pub,
            '--type',
            'vuln',
            '--allow-http-registry',
            image.ref,
          ]);
          assert.equal(verified.code, 0, verified.stderr);
          assert.match(
            verified.stderr,
            /The signatures were verified against the specified public key/,
          );
          const [statement] = statements(verified.stdout);
          assert.equal(statement?.predicateType, 'https://cosign.sigstore.dev/attestation/vuln/v1');
          assert.deepEqual(statement?.subject, [
            {
              name: image.name,
              digest: { sha256: image.digest.slice(7) },
            },
          ]);
        });
      }

      it('wraps a custom predicate as cosign does and checks a CEL policy over it', async () => {
        const image = await fresh();
        const made = await attestWithKey(image, ['--predicate', file('notes.txt')]);
        assert.equal(made.code, 0, made.stderr);
        await writeFile(file('pass.cel'), 'predicate.Data.startsWith("free text")');
        await writeFile(file('fail.cel'), 'predicate.Data == "other"');
        const pass = await verifyWithKey(image, ['--policy', file('pass.cel')]);
        assert.equal(pass.code, 0, pass.stderr);
        const failed = await verifyWithKey(image, ['--policy', file('fail.cel')]);
        assert.equal(failed.code, 12);
        assert.match(failed.stderr, /ATTESTATION_UNVERIFIED/);
        assert.match(
          failed.stderr,
          /\.att layer 1: policy .*fail\.cel: the condition `predicate\.Data == "other"` is false/,
        );
      });

      it('refuses attestations signed by another key, of another type, or absent, with exit 12', async () => {
        const image = await fresh();
        const none = await verifyWithKey(image, []);
        assert.equal(none.code, 12);
        assert.match(none.stderr, /ATTESTATION_NOT_FOUND/);
        assert.equal((await attestVuln(image, [])).code, 0);
        const wrongKey = await run([
          'verify-attestation',
          '--key',
          otherPub,
          '--type',
          'vuln',
          '--allow-http-registry',
          image.pinned,
        ]);
        assert.equal(wrongKey.code, 12);
        assert.match(wrongKey.stderr, /\.att layer 1: no signature verifies with the key/);
        const wrongType = await verifyWithKey(image, ['--type', 'spdxjson']);
        assert.equal(wrongType.code, 12);
        assert.match(
          wrongType.stderr,
          /predicateType is "https:\/\/cosign\.sigstore\.dev\/attestation\/vuln\/v1", not "https:\/\/spdx\.dev\/Document"/,
        );
      });

      it('replaces the .att layers of the same predicate type with --replace', async () => {
        const image = await fresh();
        const attest = (extra: string[]) =>
          run([
            'attest',
            '--key',
            key,
            '--type',
            'vuln',
            '--predicate',
            file('vuln.json'),
            '--allow-http-registry',
            ...extra,
            image.pinned,
          ]);
        assert.equal((await attest([])).code, 0);
        assert.equal((await attest([])).code, 0);
        assert.equal((await attestWithKey(image, ['--predicate', file('notes.txt')])).code, 0);
        const replaced = await attest(['--replace']);
        assert.equal(replaced.code, 0, replaced.stderr);
        assert.match(replaced.stdout, /replacing 2/);
        const tag = attTag(image);
        const manifest = JSON.parse(
          new TextDecoder().decode((await client.getManifest(tag)).bytes),
        ) as { layers: { annotations: Record<string, string> }[] };
        assert.deepEqual(
          manifest.layers.map((l) => l.annotations.predicateType),
          [
            'https://cosign.sigstore.dev/attestation/v1',
            'https://cosign.sigstore.dev/attestation/vuln/v1',
          ],
        );
        const bundle = await attestWithKey(image, [
          '--predicate',
          file('vuln.json'),
          '--type',
          'vuln',
          '--layout',
          'bundle',
          '--replace',
        ]);
        assert.equal(bundle.code, 2);
        assert.match(bundle.stderr, /--replace applies to the legacy \.att layout only/);
      });

      for (const layout of ['legacy', 'bundle'] as const) {
        it(`records the attestation as a dsse log entry and verifies it with the log key (${layout})`, async () => {
          const image = await fresh();
          const made = await attestVuln(image, ['--layout', layout, '--tlog-url', log.url]);
          assert.equal(made.code, 0, made.stderr);
          assert.match(made.stdout, /Recorded in the transparency log .* at index \d+/);
          const checked = await verifyWithKey(image, [
            '--type',
            'vuln',
            '--tlog-key',
            logKey,
            '--tlog-required',
          ]);
          assert.equal(checked.code, 0, checked.stderr);
          assert.match(
            checked.stderr,
            /Existence of the claims in the transparency log was verified offline/,
          );
          // cosign's legacy annotation has only the log's promise (SET); bundles carry the proof.
          const proof = await verifyWithKey(image, [
            '--type',
            'vuln',
            '--tlog-key',
            logKey,
            '--tlog-required',
            '--tlog-proof-required',
          ]);
          if (layout === 'bundle') assert.equal(proof.code, 0, proof.stderr);
          else {
            assert.equal(proof.code, 12);
            assert.match(
              proof.stderr,
              /has a SET but no inclusion proof and checkpoint \(--tlog-proof-required\)/,
            );
          }
          const unlogged = await fresh();
          assert.equal((await attestVuln(unlogged, ['--layout', layout])).code, 0);
          const required = await verifyWithKey(unlogged, [
            '--type',
            'vuln',
            '--tlog-key',
            logKey,
            '--tlog-required',
          ]);
          assert.equal(required.code, 12);
          assert.match(required.stderr, /carries no transparency-log entry \(--tlog-required\)/);
        });
      }

      it('verifies a good attestation next to a junk .att layer and names the junk one', async () => {
        const image = await fresh();
        const made = await attestVuln(image, []);
        assert.equal(made.code, 0, made.stderr);
        const tag = attTag(image);
        const fetched = await client.getManifest(tag);
        const manifest = JSON.parse(new TextDecoder().decode(fetched.bytes)) as {
          layers: unknown[];
        };
        const junk = new TextEncoder().encode('{"payloadType":');
        await client.putBlob(tag, junk);
        manifest.layers.unshift({
          mediaType: 'application/vnd.dsse.envelope.v1+json',
          size: junk.length,
          digest: digestOf(junk),
          annotations: { predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1' },
        });
        await client.putManifest(
          tag,
          new TextEncoder().encode(JSON.stringify(manifest)),
          fetched.mediaType,
        );
        const verified = await verifyWithKey(image, ['--type', 'vuln']);
        assert.equal(verified.code, 0, verified.stderr);
        assert.equal(statements(verified.stdout).length, 1);
        const json = await verifyWithKey(image, ['--type', 'vuln', '-o', 'json']);
        const [result] = JSON.parse(json.stdout) as {
          refused: { reason: string }[];
          verified: unknown[];
        }[];
        assert.equal(result?.verified.length, 1);
        assert.match(
          result?.refused[0]?.reason ?? '',
          /^\.att layer 1: DSSE envelope is not UTF-8 JSON/,
        );
      });

      it('puts -a annotations on the subject, where a policy can read them', async () => {
        const image = await fresh();
        const made = await attestWithKey(image, [
          '-a',
          'env=prod',
          '--predicate',
          file('notes.txt'),
        ]);
        assert.equal(made.code, 0, made.stderr);
        await writeFile(file('env.cel'), 'subject[0].annotations.env == "prod"');
        const checked = await verifyWithKey(image, ['--policy', file('env.cel')]);
        assert.equal(checked.code, 0, checked.stderr);
        await writeFile(file('broken.cel'), 'subject[0].annotations.env ==');
        const broken = await verifyWithKey(image, ['--policy', file('broken.cel')]);
        assert.equal(broken.code, 3);
        assert.match(broken.stderr, /ATTESTATION_POLICY_INVALID.*broken\.cel: CEL syntax error/);
      });

      it('stores and reads attestations in another repository with --signature-repository', async () => {
        const image = await fresh();
        const store = `${registry.host}/team/attestations`;
        for (const layout of ['legacy', 'bundle']) {
          const made = await attestVuln(image, [
            '--layout',
            layout,
            '--signature-repository',
            store,
          ]);
          assert.equal(made.code, 0, made.stderr);
          assert.match(made.stdout, new RegExp(`to ${store}`));
        }
        const there = await verifyWithKey(image, [
          '--type',
          'vuln',
          '-o',
          'json',
          '--signature-repository',
          store,
        ]);
        assert.equal(there.code, 0, there.stderr);
        assert.equal(
          (JSON.parse(there.stdout) as { verified: unknown[] }[])[0]?.verified.length,
          2,
        );
        const here = await verifyWithKey(image, ['--type', 'vuln']);
        assert.equal(here.code, 12);
        assert.match(here.stderr, /ATTESTATION_NOT_FOUND/);
      });
    },
  );
}
