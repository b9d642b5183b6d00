// `signet policy test` against the real distribution registry and the embedded one: images
// signed (and attested) the way cosign stores it, evaluated with the policy engine the
// webhook uses. Signatures are made in the test with keys generated per run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { CosignAnnotation, CosignMediaType } from '../../src/signing/cosign/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { cosignSignatureLayer, inTotoEnvelope } from '../../src/testing/cosign-evidence.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { pushCosignAttachment, type AttachmentLayer } from '../../src/testing/cosign-attachment.js';

const PROVENANCE = 'https://slsa.dev/provenance/v1';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, ...console };
}

type Layer = AttachmentLayer;
const pushAttachment = pushCosignAttachment;

function signatureLayer(key: PrivateKey, repo: string, digest: string): Layer {
  const layer = cosignSignatureLayer(key, digest, { repository: repo });
  return {
    mediaType: layer.mediaType,
    bytes: layer.payload,
    annotations: { ...layer.annotations },
  };
}

function attestationLayer(
  key: PrivateKey,
  repo: string,
  digest: string,
  predicate: unknown,
): Layer {
  return {
    mediaType: CosignMediaType.DsseEnvelope,
    bytes: inTotoEnvelope(key, digest, PROVENANCE, predicate, {
      repository: repo,
      statementType: 'https://in-toto.io/Statement/v0.1',
    }),
    annotations: { [CosignAnnotation.Signature]: '', predicateType: PROVENANCE },
  };
}

const pemBlock = (key: PrivateKey) =>
  `|\n${key.publicKey.pem
    .trim()
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n')}`;

function policyFile(name: string, glob: string, authorities: string): string {
  return `apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: ${name}\nspec:\n  images:\n  - glob: "${glob}"\n  authorities:\n${authorities}\n`;
}

for (const target of registryTargets()) {
  describe(`signet policy test on the ${target.name} registry`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    let client: RegistryClient;
    let dir: string;
    let ci: PrivateKey;
    const digests: Record<string, string> = {};
    const image = (name: string) => `${registry.host}/team/${name}:1.0`;
    const file = (name: string) => join(dir, name);

    before(async () => {
      registry = await target.start();
      client = new RegistryClient();
      dir = await mkdtemp(join(tmpdir(), 'signet-policy-e2e-'));
      ci = await generateKeyPair('ecdsa-p256');
      const stranger = await generateKeyPair('ecdsa-p256');
      for (const name of ['signed', 'unsigned', 'other-key', 'attested']) {
        digests[name] = (await pushImage(client, parseReference(image(name)), buildImage())).digest;
      }
      const repo = (name: string) => `${registry.host}/team/${name}`;
      await pushAttachment(client, repo('signed'), digests['signed']!, 'sig', [
        signatureLayer(ci, repo('signed'), digests['signed']!),
      ]);
      await pushAttachment(client, repo('other-key'), digests['other-key']!, 'sig', [
        signatureLayer(stranger, repo('other-key'), digests['other-key']!),
      ]);
      await pushAttachment(client, repo('attested'), digests['attested']!, 'att', [
        attestationLayer(ci, repo('attested'), digests['attested']!, {
          builder: { id: 'https://ci.example/builder' },
        }),
      ]);

      const glob = `${registry.host}/team/**`;
      await writeFile(
        file('signed-by-ci.yaml'),
        policyFile('signed-by-ci', glob, `  - name: ci-key\n    key:\n      data: ${pemBlock(ci)}`),
      );
      await writeFile(
        file('built-by-ci.yaml'),
        policyFile(
          'built-by-ci',
          glob,
          `  - name: ci-key\n    key:\n      data: ${pemBlock(ci)}\n    attestations:\n    - name: provenance\n      predicateType: ${PROVENANCE}\n      policy:\n        type: cel\n        data: predicate.builder.id == "https://ci.example/builder"`,
        ),
      );
      await writeFile(
        file('static-pass.yaml'),
        policyFile('open', glob, '  - static: {action: pass}'),
      );
      await writeFile(
        file('static-fail.yaml'),
        policyFile('frozen', glob, '  - static: {action: fail, message: "deployments are frozen"}'),
      );
      await writeFile(
        file('invalid.yaml'),
        policyFile(
          'broken',
          '[x]',
          '  - key: {kms: "awskms:///alias/x"}\n    ctlog: {url: "https://rekor.sigstore.dev"}',
        ),
      );
    });

    after(async () => {
      await client.close();
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('allows an image signed with the policy key', async () => {
      const result = await run([
        'policy',
        'test',
        '--policy',
        file('signed-by-ci.yaml'),
        image('signed'),
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        new RegExp(`^ALLOWED ${image('signed').replaceAll('.', '\\.')} \\(${digests['signed']}\\)`),
      );
      assert.match(result.stdout, /policies: signed-by-ci/);
    });

    it('denies an unsigned image with exit code 12, naming image, policy and reason', async () => {
      const result = await run([
        'policy',
        'test',
        '--policy',
        file('signed-by-ci.yaml'),
        image('unsigned'),
      ]);
      assert.equal(result.code, 12, result.stderr);
      assert.match(result.stdout, /DENIED/);
      assert.match(
        result.stdout,
        /denied by "signed-by-ci": no signature matches authority "ci-key" \(no signatures found in cosign's \.sig tag/,
      );
    });

    it('denies an image signed with another key', async () => {
      const result = await run([
        'policy',
        'test',
        '-o',
        'json',
        '--policy',
        file('signed-by-ci.yaml'),
        image('other-key'),
        image('signed'),
      ]);
      assert.equal(result.code, 12, result.stderr);
      const report = JSON.parse(result.stdout) as {
        revision: string;
        results: { input: string; allowed: boolean; denials: { message: string }[] }[];
      };
      assert.match(report.revision, /^sha256:/);
      assert.deepEqual(
        report.results.map((r) => [r.input, r.allowed]),
        [
          [image('other-key'), false],
          [image('signed'), true],
        ],
      );
      assert.equal(
        report.results[0]?.denials[0]?.message,
        `image ${registry.host}/team/other-key@${digests['other-key']} is not allowed by policy "signed-by-ci": no signature matches authority "ci-key" (1 signature found, none verifies with the key)`,
      );
    });

    it('checks attestations with their CEL condition', async () => {
      const allowed = await run([
        'policy',
        'test',
        '--policy',
        file('built-by-ci.yaml'),
        image('attested'),
      ]);
      assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
      const denied = await run([
        'policy',
        'test',
        '--policy',
        file('built-by-ci.yaml'),
        image('signed'),
      ]);
      assert.equal(denied.code, 12);
      assert.match(
        denied.stdout,
        /attestation "provenance" of authority "ci-key" is not satisfied: no attestation of type https:\/\/slsa\.dev\/provenance\/v1 found/,
      );
    });

    it('applies static pass and fail authorities', async () => {
      const pass = await run([
        'policy',
        'test',
        '--policy',
        file('static-pass.yaml'),
        image('unsigned'),
      ]);
      assert.equal(pass.code, 0, pass.stderr);
      const fail = await run([
        'policy',
        'test',
        '--policy',
        file('static-fail.yaml'),
        image('signed'),
      ]);
      assert.equal(fail.code, 12);
      assert.match(
        fail.stdout,
        /denied by "frozen": disallowed by static policy of authority "authority-0": deployments are frozen/,
      );
    });

    it('applies the no-match behaviour to images no policy covers', async () => {
      const other = `${registry.host}/elsewhere/app:1.0`;
      await pushImage(client, parseReference(other), buildImage());
      const denied = await run(['policy', 'test', '--policy', file('signed-by-ci.yaml'), other]);
      assert.equal(denied.code, 12);
      assert.match(denied.stdout, /no policy covers it/);
      const warned = await run([
        'policy',
        'test',
        '--no-match',
        'warn',
        '--policy',
        file('signed-by-ci.yaml'),
        other,
      ]);
      assert.equal(warned.code, 0);
      assert.match(warned.stdout, /warning: image .* is not covered by any policy/);
      const bad = await run([
        'policy',
        'test',
        '--no-match',
        'maybe',
        '--policy',
        file('signed-by-ci.yaml'),
        other,
      ]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--no-match must be one of deny, allow, warn, got "maybe"/);
    });

    it('exits 3 on invalid policies, printing every problem as FILE:LINE:COL', async () => {
      const result = await run([
        'policy',
        'test',
        '--policy',
        file('invalid.yaml'),
        '--policy',
        file('signed-by-ci.yaml'),
        image('signed'),
      ]);
      assert.equal(result.code, 3);
      const lines = result.stderr.trim().split('\n');
      assert.deepEqual(
        lines
          .slice(0, 3)
          .map((l) => l.slice(dir.length + 1).replace(/:.*?: (spec[^:]*):.*/, ': $1')),
        [
          'invalid.yaml: spec.images[0].glob',
          'invalid.yaml: spec.authorities[0].key.kms',
          'invalid.yaml: spec.authorities[0].ctlog',
        ],
      );
      assert.match(lines[0]!, /invalid\.yaml:7:5: spec\.images\[0\]\.glob: "\[x\]" is invalid/);
      assert.match(
        lines[3]!,
        /^error \[POLICY_INVALID\]: 3 problem\(s\) in the policy files; fix them and run again$/,
      );
    });
  });
}
