// `transparencyLog.entryRequired` through `signet check image`, on the embedded registry
// with a real Signet log: an image signed with `signet sign --tlog-url` passes once the
// gate may verify the entry (`--tlog-key`), and fails without it or when the signature's
// log annotation was written by hand, since the annotation itself is not signed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';

const env = { SIGNET_PASSWORD: 'tlog entry test' };

const POLICY = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: logged-signature}
spec:
  name: Logged signature
  description: Images must carry a CI signature recorded in the transparency log.
  remediation: Sign with signet sign --tlog-url.
  severity: high
  lifecycleStages: [build]
  enforcement: {build: enforce}
  criteria:
    signature:
      authorities: [{name: ci, key: {secretRef: {name: ci}}}]
    transparencyLog: {entryRequired: true}
`;

interface Report {
  results: { violations: { policy: string; messages: string[] }[] }[];
}

describe('a SecurityPolicy requiring a transparency-log entry', () => {
  let registry: RunningRegistry;
  let log: RunningTlogServer;
  let dir: string;
  const file = (name: string) => join(dir, name);
  const push = async (name: string) => {
    const client = new RegistryClient();
    const ref = `${registry.host}/logged/${name}:1.0`;
    await pushImage(client, parseReference(ref), buildImage());
    await client.close();
    return ref;
  };
  const sign = async (ref: string, extra: string[]) => {
    const signed = await runCli(['sign', '--key', file('ci.key'), ...extra, ref], env);
    assert.equal(signed.code, 0, signed.stderr);
  };
  const check = (ref: string, extra: string[] = []) =>
    runCli(
      [
        'check',
        'image',
        '--policy',
        file('policy.yaml'),
        '--key-secret',
        `ci=${file('ci.pub')}`,
        ...extra,
        '-o',
        'json',
        ref,
      ],
      env,
    );
  const violations = (stdout: string) =>
    (JSON.parse(stdout) as Report).results[0]!.violations.flatMap((v) => v.messages);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-check-tlog-'));
    registry = await startInMemoryRegistry();
    log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: file('log') });
    const rekor = new RekorClient(log.url);
    await writeFile(file('log.pub'), await rekor.publicKeyPem());
    await rekor.close();
    await writeFile(file('policy.yaml'), POLICY);
    const made = await runCli(['generate-key-pair', '--output-key-prefix', file('ci')], env);
    assert.equal(made.code, 0, made.stderr);
  });

  after(async () => {
    await log?.close();
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('passes a signature logged with --tlog-url once the entry is verified with --tlog-key', async () => {
    const ref = await push('logged');
    await sign(ref, ['--tlog-url', log.url]);
    const passed = await check(ref, ['--tlog-key', file('log.pub')]);
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    assert.deepEqual(violations(passed.stdout), []);
  });

  it('fails the same image when the gate cannot verify the entry, saying what to give', async () => {
    const ref = await push('unverifiable');
    await sign(ref, ['--tlog-url', log.url]);
    const failed = await check(ref);
    assert.equal(failed.code, 13, failed.stderr);
    assert.deepEqual(violations(failed.stdout), [
      "the trusted signature has no transparency-log entry that verified; for key signatures, give the log's public key (--tlog-key)",
    ]);
  });

  it('fails a signature whose log annotation was copied from another signature', async () => {
    // The entry of a logged signature, annotated onto an unlogged one: the annotation is not
    // signed, so only verifying the entry against the payload and signature catches it.
    const logged = await push('source');
    await sign(logged, ['--tlog-url', log.url]);
    const copied = await push('copied');
    await sign(copied, []);
    const client = new RegistryClient();
    const sigTag = async (ref: string) => {
      const digest = await client.resolveDigest(parseReference(ref));
      return parseReference(`${ref.split(':1.0')[0]}:sha256-${digest.slice(7)}.sig`);
    };
    const source = await client.getManifest(await sigTag(logged));
    const target = await sigTag(copied);
    const manifest = JSON.parse(new TextDecoder().decode((await client.getManifest(target)).bytes));
    const bundle = (
      JSON.parse(new TextDecoder().decode(source.bytes)) as {
        layers: { annotations: Record<string, string> }[];
      }
    ).layers[0]!.annotations['dev.sigstore.cosign/bundle']!;
    manifest.layers[0].annotations['dev.sigstore.cosign/bundle'] = bundle;
    await client.putManifest(
      target,
      new TextEncoder().encode(JSON.stringify(manifest)),
      manifest.mediaType,
    );
    await client.close();
    const failed = await check(copied, ['--tlog-key', file('log.pub')]);
    assert.equal(failed.code, 13, failed.stderr);
    assert.match(violations(failed.stdout).join('\n'), /no transparency-log entry that verified/);
  });
});
