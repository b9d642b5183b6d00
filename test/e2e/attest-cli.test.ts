// `signet attest` and `signet verify-attestation` end to end, on the real distribution
// registry (no referrers API) and the embedded one (with it): both layouts, predicate
// types, --replace, a real Signet log, CEL policies, and every bad input refused with a
// message naming the object and the field.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { digestOf } from '../../src/core/digest.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { statements } from './attest-statements.js';

const env = { SIGNET_PASSWORD: 'attest password' };
const run = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { ...env, ...extra });

for (const target of registryTargets()) {
  describe(
    `signet attest and verify-attestation on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let log: RunningTlogServer;
      let client: RegistryClient;
      let dir: string;
      let key: string;
      let pub: string;
      let otherPub: string;
      let logKey: string;
      let counter = 0;
      const file = (name: string) => join(dir, name);

      async function fresh(): Promise<{ ref: string; digest: string; pinned: string }> {
        counter += 1;
        const ref = `${registry.host}/team/att${counter}:1.0`;
        const { digest } = await pushImage(client, parseReference(ref), buildImage());
        return { ref, digest, pinned: `${registry.host}/team/att${counter}@${digest}` };
      }

      /** `signet attest --key ci.key FLAGS --allow-http-registry IMAGE`. */
      const attestWithKey = (image: { pinned: string }, flags: string[]) =>
        run(['attest', '--key', key, ...flags, '--allow-http-registry', image.pinned]);
      /** `signet attest --key ci.key --type vuln --predicate vuln.json FLAGS ... IMAGE`. */
      const attestVuln = (image: { pinned: string }, flags: string[]) =>
        attestWithKey(image, ['--type', 'vuln', '--predicate', file('vuln.json'), ...flags]);
      /** The legacy `.att` tag of the newest image from `fresh()`. */
      const attTag = (image: { digest: string }) =>
        parseReference(`${registry.host}/team/att${counter}:sha256-${image.digest.slice(7)}.att`);
      /** `signet verify-attestation --key ci.pub FLAGS --allow-http-registry IMAGE`. */
      const verifyWithKey = (image: { pinned: string }, flags: string[]) =>
        run(['verify-attestation', '--key', pub, ...flags, '--allow-http-registry', image.pinned]);

      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'signet-attest-'));
        registry = await target.start();
        log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'log') });
        client = new RegistryClient();
        for (const name of ['ci', 'other']) {
          const made = await run(['generate-key-pair', '--output-key-prefix', file(name)]);
          assert.equal(made.code, 0, made.stderr);
        }
        key = file('ci.key');
        pub = file('ci.pub');
        otherPub = file('other.pub');
        const rekor = new RekorClient(log.url);
        logKey = file('log.pub');
        await writeFile(logKey, await rekor.publicKeyPem());
        await rekor.close();
        await writeFile(
          file('vuln.json'),
          JSON.stringify({ scanner: { uri: 'pkg:trivy', result: { critical: 0 } } }),
        );
        await writeFile(file('notes.txt'), 'free text, not JSON');
      });

      after(async () => {
        await client.close();
        await log.close();
        await registry.stop();
        await rm(dir, { recursive: true, force: true });
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
              name: `${registry.host}/team/att${counter}`,
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

      it('refuses command lines it cannot honour', async () => {
        const image = await fresh();
        const cases: [string[], RegExp][] = [
          [
            ['--rekor-entry-type', 'intoto', '--predicate', file('vuln.json')],
            /Signet records attestations as dsse entries only/,
          ],
          [
            ['--predicate', file('vuln.json'), '--provenance'],
            /exactly one of --predicate FILE, --statement FILE or --provenance/,
          ],
          [[], /exactly one of --predicate FILE/],
          [
            ['--predicate', file('vuln.json'), '--layout', 'referrers'],
            /--layout must be legacy or bundle/,
          ],
        ];
        for (const [extra, message] of cases) {
          const refused = await attestWithKey(image, [...extra]);
          assert.equal(refused.code, 2, extra.join(' '));
          assert.match(refused.stderr, message);
        }
      });

      it('refuses malformed and oversized predicates, naming the file and field', async () => {
        const image = await fresh();
        await writeFile(file('broken.json'), '{"scanner":');
        const broken = await attestWithKey(image, [
          '--type',
          'vuln',
          '--predicate',
          file('broken.json'),
        ]);
        assert.equal(broken.code, 2);
        assert.match(
          broken.stderr,
          /PREDICATE_INVALID.*predicate file .*broken\.json is not JSON, which --type vuln needs/,
        );
        await writeFile(file('array.json'), '[1]');
        const array = await attestWithKey(image, [
          '--type',
          'cyclonedx',
          '--predicate',
          file('array.json'),
        ]);
        assert.match(array.stderr, /array\.json: a cyclonedx predicate must be a JSON object/);
        await writeFile(file('big.json'), `{"x":"${'a'.repeat(8 * 1024 * 1024)}"}`);
        const big = await attestWithKey(image, ['--type', 'vuln', '--predicate', file('big.json')]);
        assert.equal(big.code, 3);
        assert.match(
          big.stderr,
          /predicate file .*big\.json: it is \d+ bytes, over the 8388608-byte limit/,
        );
        await writeFile(
          file('slsa.json'),
          JSON.stringify({ buildDefinition: { buildType: 'x' }, runDetails: {} }),
        );
        const slsa = await attestWithKey(image, [
          '--type',
          'slsaprovenance1',
          '--predicate',
          file('slsa.json'),
        ]);
        assert.equal(slsa.code, 2);
        assert.match(
          slsa.stderr,
          /slsa\.json: predicate\.buildDefinition\.buildType "x" is not a URI \(and 2 more problems\)/,
        );
        const unknown = await attestWithKey(image, [
          '--type',
          'nonsense',
          '--predicate',
          file('vuln.json'),
        ]);
        assert.match(
          unknown.stderr,
          /PREDICATE_TYPE_UNKNOWN.*--type "nonsense" is neither a URI nor one of custom/,
        );
      });

      it('refuses a --statement whose subject digest is not the image, naming the file and field', async () => {
        const image = await fresh();
        const other = `${'e'.repeat(64)}`;
        const statement = {
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'x', digest: { sha256: other } }],
          predicateType: 'https://example.com/p',
          predicate: {},
        };
        await writeFile(file('statement.json'), JSON.stringify(statement));
        const refused = await attestWithKey(image, ['--statement', file('statement.json')]);
        assert.equal(refused.code, 12);
        assert.match(
          refused.stderr,
          new RegExp(
            `IN_TOTO_STATEMENT_REFUSED.*statement file .*statement\\.json: no subject\\[\\]\\.digest names ${image.digest}`,
          ),
        );
        statement.subject[0]!.digest.sha256 = image.digest.slice(7);
        await writeFile(file('statement.json'), JSON.stringify(statement));
        const accepted = await attestWithKey(image, ['--statement', file('statement.json')]);
        assert.equal(accepted.code, 0, accepted.stderr);
        const verified = await verifyWithKey(image, ['--type', 'https://example.com/p']);
        assert.equal(verified.code, 0, verified.stderr);
      });

      it('attests a file and verifies it from the envelope and from the bundle', async () => {
        await writeFile(file('artifact.bin'), 'artifact bytes');
        const made = await run([
          'attest-blob',
          '--key',
          key,
          '--type',
          'vuln',
          '--predicate',
          file('vuln.json'),
          '--output-signature',
          file('artifact.att'),
          '--bundle',
          file('artifact.bundle'),
          '--tlog-url',
          log.url,
          file('artifact.bin'),
        ]);
        assert.equal(made.code, 0, made.stderr);
        for (const source of [
          ['--signature', file('artifact.att')],
          ['--bundle', file('artifact.bundle'), '--tlog-key', logKey, '--tlog-required'],
        ]) {
          const ok = await run([
            'verify-blob-attestation',
            '--key',
            pub,
            '--type',
            'vuln',
            ...source,
            file('artifact.bin'),
          ]);
          assert.equal(ok.code, 0, ok.stderr);
          assert.match(ok.stderr, /Verified OK/);
        }
        await writeFile(file('tampered.bin'), 'other bytes');
        const tampered = await run([
          'verify-blob-attestation',
          '--key',
          pub,
          '--type',
          'vuln',
          '--signature',
          file('artifact.att'),
          file('tampered.bin'),
        ]);
        assert.equal(tampered.code, 12);
        assert.match(
          tampered.stderr,
          /signature .*artifact\.att: no subject\[\]\.digest names sha256:/,
        );
        const bundle = JSON.parse(await readFile(file('artifact.bundle'), 'utf8')) as {
          verificationMaterial: { tlogEntries: unknown[] };
        };
        assert.equal(bundle.verificationMaterial.tlogEntries.length, 1);
      });
    },
  );
}
