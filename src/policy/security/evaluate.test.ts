import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { CosignAnnotation } from '../../signing/cosign/signature-layer.js';
import { cosignSignatureLayer, inTotoEnvelope } from '../../testing/cosign-evidence.js';
import {
  DIGEST,
  NOW,
  policy,
  registry,
  setOf,
  SLSA,
  subject,
  verifiedBy,
  violations,
} from '../../testing/security-policy-evaluation.js';
import type { AttestationEnvelope, PolicyEvidence } from '../evaluate/index.js';
import { compileSecurityPolicies } from './compile.js';
import { evaluateSecurityPolicies } from './evaluate.js';
import type { SecuritySubject } from './evidence.js';
import { parseSecurityPolicyYaml } from './parse.js';
import { formatProblem } from '../problems.js';

describe('evaluating SecurityPolicies', () => {
  let key: PrivateKey;
  let stranger: PrivateKey;
  const signed = `    signature:\n      authorities:\n      - name: ci\n        key: {secretRef: {name: ci}}\n`;
  before(async () => {
    key = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  it('passes an image signed with the authority key and names the authority otherwise', async () => {
    const good = registry([cosignSignatureLayer(key, DIGEST)], [], key.publicKey.pem);
    assert.deepEqual(await violations(policy(signed), { registry: good }), [[]]);
    const bad = registry([cosignSignatureLayer(stranger, DIGEST)], [], key.publicKey.pem);
    const [found] = await violations(policy(signed), { registry: bad });
    assert.match(found![0]!, /^no trusted signature: no signature matches authority "ci"/);
    const none = await violations(policy(signed), {
      registry: registry([], [], key.publicKey.pem),
    });
    assert.match(none[0]![0]!, /no signatures found in cosign's \.sig tag/);
  });

  it('reports who signed the signature and provenance it verified, and nothing it refused', async () => {
    const criteria = `${signed}    provenance:\n      authorities:\n      - key: {secretRef: {name: ci}}\n`;
    const envelope = inTotoEnvelope(key, DIGEST, SLSA, { runDetails: { builder: { id: 'b' } } });
    const good = registry(
      [cosignSignatureLayer(key, DIGEST)],
      [{ envelope, annotations: {} }],
      key.publicKey.pem,
    );
    const signer = `key sha256:${key.publicKey.keyId} (secret ci)`;
    assert.deepEqual(await verifiedBy(policy(criteria), { registry: good }), {
      signatures: [{ signer, layout: 'cosign .sig tag' }],
      attestations: [{ predicateType: SLSA, signer }],
    });
    const bad = registry([cosignSignatureLayer(stranger, DIGEST)], [], key.publicKey.pem);
    assert.equal(await verifiedBy(policy(criteria), { registry: bad }), undefined);
  });

  it('checks signed SLSA provenance for the builder, source and build type', async () => {
    const criteria = `    provenance:\n      builderIds: [https://ci.example/builder]\n      sourceRepositories: [https://git.example/app]\n      authorities:\n      - key: {secretRef: {name: ci}}\n`;
    const predicate = (builder: string) => ({
      buildDefinition: {
        buildType: 't',
        resolvedDependencies: [{ uri: 'git+https://git.example/app@refs/heads/main' }],
      },
      runDetails: { builder: { id: builder } },
    });
    const envelope = (signer: PrivateKey, builder: string) => ({
      envelope: inTotoEnvelope(signer, DIGEST, SLSA, predicate(builder)),
      annotations: {},
    });
    const evidence = (e: AttestationEnvelope) => ({
      registry: registry([], [e], key.publicKey.pem),
    });
    assert.deepEqual(
      await violations(policy(criteria), evidence(envelope(key, 'https://ci.example/builder'))),
      [[]],
    );
    const other = await violations(
      policy(criteria),
      evidence(envelope(key, 'https://laptop.example')),
    );
    assert.match(
      other[0]![0]!,
      /^no trusted provenance: .*the verified attestation satisfies the condition/,
    );
    const forged = await violations(
      policy(criteria),
      evidence(envelope(stranger, 'https://ci.example/builder')),
    );
    assert.match(
      forged[0]![0]!,
      /none of type https:\/\/slsa\.dev\/provenance\/v1 verifies with the key/,
    );
  });

  it('judges the tag, registry, age, labels and user of the image', async () => {
    const criteria = `    image: {latestTag: true, registries: [registry.example], maxAgeDays: 30, requiredLabels: [owner], runsAsRoot: true}\n`;
    const config = { created: '2026-01-01T00:00:00Z', labels: { team: 'a' } };
    const found = await violations(
      policy(criteria),
      { config },
      subject('other.example/app:latest'),
    );
    assert.deepEqual(found[0], [
      'image other.example/app:latest uses the "latest" tag',
      'registry other.example is not one of registry.example',
      'image was created 339 days ago (2026-01-01T00:00:00Z), more than 30',
      'required label(s) missing: owner',
      'image runs as root (config user "")',
    ]);
    const fine = { created: '2026-12-01T00:00:00Z', user: '1000:1000', labels: { owner: 'me' } };
    assert.deepEqual(await violations(policy(criteria), { config: fine }), [[]]);
    for (const user of ['root', '0', '0:0']) {
      const root = await violations(policy(criteria), { config: { ...fine, user } });
      assert.deepEqual(root[0], [`image runs as root (config user "${user}")`]);
    }
    const untagged = await violations(
      policy(`    image: {latestTag: true}\n`),
      {},
      subject('registry.example/app'),
    );
    assert.equal(untagged[0]!.length, 1);
    const unknown = await violations(policy(criteria), {});
    assert.deepEqual(unknown[0], [
      'the image configuration could not be read, so its age, labels and user are unknown',
    ]);
  });

  it('requires an SBOM and finds forbidden packages and licences in it', async () => {
    const criteria = `    sbom: {required: true, forbiddenPackages: [log4j-core], forbiddenLicenses: [AGPL-3.0-only]}\n`;
    assert.deepEqual(await violations(policy(criteria), {}), [
      ['no SBOM is attached to the image'],
    ]);
    const packages = [
      { name: 'log4j-core', version: '2.14.1', licenses: ['Apache-2.0'] },
      { name: 'db', licenses: ['AGPL-3.0-only'] },
    ];
    assert.deepEqual(await violations(policy(criteria), { sbom: { source: 'tag', packages } }), [
      ['forbidden package log4j-core 2.14.1', 'package db has forbidden licence AGPL-3.0-only'],
    ]);
    assert.match(
      (await violations(policy(criteria), { sbom: { source: 'tag' } }))[0]![0]!,
      /could not be read/,
    );
  });

  it('refuses an unverified transparency-log annotation as the entry a policy requires', async () => {
    // The bundle annotation is not signed: anyone can add one to a signature layer. Without
    // a trusted log to verify it against, the entry required is not there.
    const criteria = `${signed}    transparencyLog: {entryRequired: true}\n`;
    const plain = cosignSignatureLayer(key, DIGEST);
    const forged = {
      ...plain,
      annotations: {
        ...plain.annotations,
        [CosignAnnotation.Bundle]: JSON.stringify({ Payload: { logIndex: 7 } }),
      },
    };
    assert.deepEqual(
      await violations(policy(criteria), {
        registry: registry([forged], [], key.publicKey.pem),
      }),
      [
        [
          "the trusted signature has no transparency-log entry that verified; for key signatures, give the log's public key (--tlog-key)",
        ],
      ],
    );
    const unsigned = await violations(policy(criteria), { registry: registry([], [], '') });
    assert.equal(
      unsigned[0]!.at(-1),
      'no trusted signature, so no verified transparency-log entry either',
    );
  });

  it('refuses entryRequired without a signature criterion, naming the field', () => {
    const parsed = parseSecurityPolicyYaml(
      policy(`    transparencyLog: {entryRequired: true}\n`),
      'p.yaml',
    );
    assert.deepEqual(parsed.documents, []);
    assert.match(
      formatProblem(parsed.problems[0]!),
      /spec\.criteria\.transparencyLog\.entryRequired: needs a signature criterion in the same policy/,
    );
  });

  it('reads the signatures of an image once for all its policies', async () => {
    const logged = `${signed}    transparencyLog: {entryRequired: true}\n`;
    const parsed = parseSecurityPolicyYaml(
      `${policy(signed)}---\n${policy(logged).replace('name: p\n', 'name: q\n').replace('name: P', 'name: Q')}`,
      'p.yaml',
    );
    assert.deepEqual(parsed.problems, []);
    const reads: string[] = [];
    const base = registry([cosignSignatureLayer(key, DIGEST)], [], key.publicKey.pem);
    const counting: PolicyEvidence = {
      ...base,
      fetchSignatures: (image, source) => {
        reads.push(`${image.digest} ${source.format}`);
        return base.fetchSignatures(image, source);
      },
    };
    const results = await evaluateSecurityPolicies(
      compileSecurityPolicies(parsed.documents),
      subject(),
      { registry: counting },
      { now: NOW },
    );
    assert.deepEqual(
      results.map((r) => r.policy.name),
      ['P', 'Q'],
    );
    assert.deepEqual(reads, [`${DIGEST} legacy`]);
  });

  it('applies a policy only at its stages, in its scope and outside its exclusions', async () => {
    const text = policy(
      `    image: {latestTag: true}\n`,
      `  scope:\n  - namespace: prod\n  exclusions:\n  - images: ["registry.example/sandbox/**"]\n`,
    );
    const set = setOf(text);
    const run = (who: SecuritySubject) =>
      evaluateSecurityPolicies(set, who, { registry: registry() }, { now: NOW });
    const latest = 'registry.example/team/app:latest';
    assert.equal(
      (await run(subject(latest, { stage: 'deploy', namespace: 'prod' })))[0]!.enforcement,
      'inform',
    );
    assert.deepEqual(await run(subject(latest, { stage: 'deploy', namespace: 'dev' })), []);
    // Build time knows no namespace: the namespace scope is not applied there.
    assert.equal((await run(subject(latest)))[0]!.enforcement, 'enforce');
    assert.deepEqual(await run(subject('registry.example/sandbox/x:latest')), []);
    const buildOnly = setOf(
      policy(`    image: {latestTag: true}\n`)
        .replace('[build, deploy]', '[build]')
        .replace(', deploy: inform', ''),
    );
    const deploy = await evaluateSecurityPolicies(
      buildOnly,
      subject(latest, { stage: 'deploy' }),
      { registry: registry() },
      { now: NOW },
    );
    assert.deepEqual(deploy, []);
  });

  it('refuses two policies with the same name', () => {
    const parsed = parseSecurityPolicyYaml(
      `${policy(`    image: {latestTag: true}\n`)}---\n${policy(`    image: {runsAsRoot: true}\n`)}`,
      'p.yaml',
    );
    assert.throws(
      () => compileSecurityPolicies(parsed.documents),
      /SecurityPolicy "P" \(p\) is defined twice/,
    );
  });
});
