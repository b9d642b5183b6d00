// `signet attest` and `attest-blob` refusing what they cannot honour, each with a message
// naming the file and the field, and attest-blob's two outputs verified, on the real
// distribution registry and the embedded one.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { registryTargets } from '../../src/testing/index.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { attestCliHarness, run } from './attest-cli-harness.js';

for (const target of registryTargets()) {
  describe(
    `signet attest refusals and attest-blob on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      const { state, file, fresh, attestWithKey, verifyWithKey } = attestCliHarness(target);
      let log: RunningTlogServer;
      let key = '';
      let pub = '';
      let logKey = '';
      before(() => {
        ({ log, key, pub, logKey } = state());
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
