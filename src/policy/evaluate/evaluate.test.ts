import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { parseReference } from '../../oci/reference/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { cosignSignatureLayer, inTotoEnvelope } from '../../testing/cosign-evidence.js';
import { compilePolicies } from '../compile.js';
import { KNOWN_RESOURCES } from '../match-resource.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { formatProblem } from '../problems.js';
import type { NoMatchBehaviour } from '../types.js';
import { evaluate, type PolicySubject } from './evaluate.js';
import type { AttestationEnvelope, PolicyEvidence, SignatureSource } from './evidence.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const OTHER_DIGEST = `sha256:${'2e'.repeat(32)}`;
const IMAGE = 'registry.example/team/app:1.0';
const SHOWN = `registry.example/team/app@${DIGEST}`;

let ci: PrivateKey;
let stranger: PrivateKey;

const signatureLayer = (key: PrivateKey, digest = DIGEST) => cosignSignatureLayer(key, digest);

/** As cosign before v2.2 wrote it: an in-toto v0.1 statement, the type also in an annotation. */
function attestation(
  key: PrivateKey,
  predicateType: string,
  predicate: unknown,
  digest = DIGEST,
): AttestationEnvelope {
  const envelope = inTotoEnvelope(key, digest, predicateType, predicate, {
    statementType: 'https://in-toto.io/Statement/v0.1',
  });
  return { envelope, annotations: { predicateType } };
}

interface Store {
  signatures?: SignatureLayer[];
  /** Sigstore bundles attached as referrers (raw JSON). */
  bundles?: Uint8Array[];
  attestations?: AttestationEnvelope[];
  secrets?: Record<string, string>;
  failSignatures?: string;
}

/** In-memory evidence that records what was asked for, so tests can check what was fetched. */
function evidence(store: Store) {
  const calls: string[] = [];
  const provider: PolicyEvidence = {
    fetchSignatures(image, source: SignatureSource) {
      calls.push(
        source.format === 'bundle'
          ? `bundles ${source.repository.registry}/${source.repository.repository} ${image.digest}`
          : `sig ${source.repository.registry}/${source.repository.repository} ${source.tagPrefix}${image.digest}`,
      );
      if (store.failSignatures !== undefined)
        return Promise.reject(new Error(store.failSignatures));
      return Promise.resolve(
        source.format === 'bundle'
          ? { format: 'bundle' as const, bundles: store.bundles ?? [] }
          : { format: 'legacy' as const, layers: store.signatures ?? [] },
      );
    },
    fetchAttestations(_image, source, type) {
      calls.push(`att ${source.format} ${type}`);
      return Promise.resolve(store.attestations ?? []);
    },
    readSecret(name) {
      const pem = store.secrets?.[name];
      return pem === undefined
        ? Promise.reject(new Error(`no secret ${name}`))
        : Promise.resolve(pem);
    },
  };
  return { provider, calls };
}

function compile(yaml: string, noMatch?: NoMatchBehaviour) {
  const parsed = parsePolicyYaml(yaml, 'test.yaml');
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors.map(formatProblem), []);
  return compilePolicies(parsed.documents, noMatch === undefined ? {} : { noMatch });
}

function doc(name: string, spec: string): string {
  return `apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: ${name}}\nspec:\n${spec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n---\n`;
}

function keyBlock(key: PrivateKey, indent: number): string {
  const pad = ' '.repeat(indent);
  return `|\n${key.publicKey.pem
    .trim()
    .split('\n')
    .map((l) => pad + l)
    .join('\n')}`;
}

function keyPolicy(
  name: string,
  key: PrivateKey,
  extra = '',
  glob = 'registry.example/team/**',
  keyExtra = '',
): string {
  return doc(
    name,
    `images: [{glob: "${glob}"}]\nauthorities:\n- name: ci-key\n  key:\n${keyExtra}    data: ${keyBlock(key, 6)}\n${extra}`,
  );
}

const subject = (overrides: Partial<PolicySubject> = {}): PolicySubject => ({
  image: IMAGE,
  ref: parseReference(IMAGE),
  digest: DIGEST,
  ...overrides,
});

describe('evaluating images against policies', () => {
  before(async () => {
    ci = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  it('allows an image signed with the authority key', async () => {
    const set = compile(keyPolicy('signed-by-ci', ci));
    const { provider, calls } = evidence({
      signatures: [signatureLayer(stranger), signatureLayer(ci)],
    });
    const verdict = await evaluate(set, subject(), provider);
    assert.deepEqual(verdict, {
      image: SHOWN,
      digest: DIGEST,
      matchedPolicies: ['signed-by-ci'],
      allowed: true,
      warnings: [],
      denials: [],
      verified: {
        signatures: [{ signer: `key sha256:${ci.publicKey.keyId}`, layout: 'cosign .sig tag' }],
        attestations: [],
      },
    });
    assert.deepEqual(calls, [`sig registry.example/team/app ${DIGEST}`]);
  });

  it('denies an image whose signatures were made with another key, saying so in plain words', async () => {
    const set = compile(keyPolicy('signed-by-ci', ci));
    const verdict = await evaluate(
      set,
      subject(),
      evidence({ signatures: [signatureLayer(stranger), signatureLayer(stranger)] }).provider,
    );
    assert.equal(verdict.allowed, false);
    assert.equal(
      verdict.denials[0]?.message,
      `image ${SHOWN} is not allowed by policy "signed-by-ci": no signature matches authority "ci-key" (2 signatures found, none verifies with the key)`,
    );
    assert.deepEqual(verdict.denials[0]?.authorityFailures, [
      {
        authority: 'ci-key',
        reason:
          'no signature matches authority "ci-key" (2 signatures found, none verifies with the key)',
      },
    ]);
  });

  const denials: [string, () => Store, RegExp][] = [
    [
      'an unsigned image',
      () => ({}),
      /no signature matches authority "ci-key" \(no signatures found in cosign's \.sig tag; signatureFormat: bundle reads Sigstore bundles instead\)/,
    ],
    [
      'a signature for another digest',
      () => ({ signatures: [signatureLayer(ci, OTHER_DIGEST)] }),
      /1 signature found: signs sha256:2e.*not the image digest/,
    ],
    [
      'a registry failure',
      () => ({ failSignatures: 'registry unavailable' }),
      /signatures for authority "ci-key" could not be fetched: registry unavailable/,
    ],
  ];
  for (const [name, store, reason] of denials) {
    it(`denies ${name}`, async () => {
      const verdict = await evaluate(
        compile(keyPolicy('p', ci)),
        subject(),
        evidence(store()).provider,
      );
      assert.equal(verdict.allowed, false);
      assert.match(verdict.denials[0]!.reason, reason);
    });
  }

  it('needs every matching policy to pass, and any one authority within a policy', async () => {
    const either = doc(
      'either',
      `images: [{glob: "registry.example/**"}]\nauthorities:\n- name: stranger\n  key:\n    data: ${keyBlock(stranger, 6)}\n- name: ci\n  key:\n    data: ${keyBlock(ci, 6)}`,
    );
    const set = compile(either + keyPolicy('strict', stranger));
    const verdict = await evaluate(
      set,
      subject(),
      evidence({ signatures: [signatureLayer(ci)] }).provider,
    );
    assert.deepEqual(verdict.matchedPolicies, ['either', 'strict']);
    assert.equal(verdict.allowed, false);
    assert.deepEqual(
      verdict.denials.map((d) => d.policy),
      ['strict'],
    );
  });

  it('lists every authority when none passes', async () => {
    const set = compile(
      doc(
        'two',
        'images: [{glob: "**"}]\nauthorities:\n- keyless: {url: "https://fulcio.sigstore.dev", identities: [{issuer: i, subject: s}]}\n- static: {action: fail, message: frozen}',
      ),
    );
    const verdict = await evaluate(set, subject(), evidence({}).provider);
    assert.equal(
      verdict.denials[0]?.reason,
      'no authority passed: authority "authority-0" cannot verify signatures: the Sigstore public-good trusted root is not available here; name a TrustRoot with keyless.trustRootRef; disallowed by static policy of authority "authority-1": frozen',
    );
  });

  it('passes and fails statically without fetching anything', async () => {
    const { provider, calls } = evidence({});
    const pass = await evaluate(
      compile(doc('open', 'images: [{glob: "**"}]\nauthorities: [{static: {action: pass}}]')),
      subject(),
      provider,
    );
    assert.equal(pass.allowed, true);
    const fail = await evaluate(
      compile(doc('closed', 'images: [{glob: "**"}]\nauthorities: [{static: {action: fail}}]')),
      subject(),
      provider,
    );
    assert.equal(
      fail.denials[0]?.message,
      `image ${SHOWN} is not allowed by policy "closed": disallowed by static policy of authority "authority-0"`,
    );
    assert.deepEqual(calls, []);
  });

  it('turns failures of warn-mode policies into warnings', async () => {
    const set = compile(keyPolicy('audit', ci, '').replace('images:', 'mode: warn\n  images:'));
    const verdict = await evaluate(set, subject(), evidence({}).provider);
    assert.equal(verdict.allowed, true);
    assert.deepEqual(verdict.denials, []);
    assert.match(
      verdict.warnings[0]!,
      /image registry\.example\/team\/app@sha256:1f.* fails policy "audit" \(mode warn, allowed anyway\): no signature matches/,
    );
  });

  for (const [noMatch, allowed, warnings] of [
    ['deny', false, 0],
    ['warn', true, 1],
    ['allow', true, 0],
  ] as const) {
    it(`applies the no-match behaviour "${noMatch}" to images no policy covers`, async () => {
      const set = compile(keyPolicy('elsewhere', ci, '', 'other.example/**'), noMatch);
      const verdict = await evaluate(set, subject(), evidence({}).provider);
      assert.equal(verdict.allowed, allowed);
      assert.equal(verdict.warnings.length, warnings);
      assert.deepEqual(verdict.matchedPolicies, []);
      if (!allowed)
        assert.equal(
          verdict.denials[0]?.message,
          `image ${SHOWN} is not allowed: no policy covers it, and images no policy covers are denied`,
        );
    });
  }

  it('applies a policy with match rules only to the named resources and labels', async () => {
    const set = compile(
      doc(
        'pods-of-team-a',
        'images: [{glob: "**"}]\nmatch: [{resource: pods, version: v1, selector: {matchLabels: {team: a}}}]\nauthorities: [{static: {action: fail}}]',
      ),
      'allow',
    );
    const pods = KNOWN_RESOURCES['pods'];
    const run = (s: Partial<PolicySubject>) => evaluate(set, subject(s), evidence({}).provider);
    assert.equal((await run({ kind: pods, labels: { team: 'a' } })).allowed, false);
    assert.equal((await run({ kind: pods, labels: { team: 'b' } })).allowed, true);
    assert.equal(
      (await run({ kind: KNOWN_RESOURCES['jobs'], labels: { team: 'a' } })).allowed,
      true,
    );
    assert.equal((await run({})).allowed, true);
  });

  it('reads keys named by secretRef through the injected reader', async () => {
    const set = compile(
      doc(
        'from-secret',
        'images: [{glob: "**"}]\nauthorities: [{name: k, key: {secretRef: {name: ci-pub}}}]',
      ),
    );
    const signed = { signatures: [signatureLayer(ci)] };
    const found = await evaluate(
      set,
      subject(),
      evidence({ ...signed, secrets: { 'ci-pub': ci.publicKey.pem } }).provider,
    );
    assert.equal(found.allowed, true);
    // The signer names the key's fingerprint and the secret that held it.
    assert.deepEqual(found.verified?.signatures, [
      { signer: `key sha256:${ci.publicKey.keyId} (secret ci-pub)`, layout: 'cosign .sig tag' },
    ]);
    const missing = await evaluate(set, subject(), evidence(signed).provider);
    assert.equal(
      missing.denials[0]?.reason,
      'the key of authority "k" is unavailable: secret "ci-pub" could not be read: no secret ci-pub',
    );
    const garbage = await evaluate(
      set,
      subject(),
      evidence({ ...signed, secrets: { 'ci-pub': 'junk' } }).provider,
    );
    assert.match(garbage.denials[0]!.reason, /secret "ci-pub" does not hold a usable public key/);
    assert.equal(garbage.verified, undefined);
  });

  it('looks signatures up in the source repository with the tag prefix', async () => {
    const set = compile(
      keyPolicy(
        'elsewhere',
        ci,
        '  source: [{oci: "mirror.example/sigs", tagPrefix: "pre-", signaturePullSecrets: [{name: s}]}]',
      ),
    );
    const { provider, calls } = evidence({ signatures: [signatureLayer(ci)] });
    assert.equal((await evaluate(set, subject(), provider)).allowed, true);
    assert.deepEqual(calls, [`sig mirror.example/sigs pre-${DIGEST}`]);
  });

  it('shares one fetch between authorities that read the same signatures', async () => {
    const two = doc(
      'two-keys',
      `images: [{glob: "**"}]\nauthorities:\n- name: a\n  key:\n    data: ${keyBlock(stranger, 6)}\n- name: b\n  key:\n    data: ${keyBlock(ci, 6)}`,
    );
    const { provider, calls } = evidence({ signatures: [signatureLayer(ci)] });
    assert.equal((await evaluate(compile(two), subject(), provider)).allowed, true);
    assert.equal(calls.length, 1);
  });
});

describe('attestations in policies', () => {
  const PROVENANCE = 'https://slsa.dev/provenance/v1';
  const policy = () =>
    keyPolicy(
      'provenance',
      ci,
      `  attestations:\n  - name: built-by-ci\n    predicateType: ${PROVENANCE}\n    policy:\n      type: cel\n      data: 'predicate.count >= 3'`,
    );

  it('checks the required attestations instead of plain signatures, as policy-controller', async () => {
    const { provider, calls } = evidence({
      attestations: [attestation(ci, PROVENANCE, { count: 3 })],
    });
    const verdict = await evaluate(compile(policy()), subject(), provider);
    assert.equal(verdict.allowed, true);
    assert.deepEqual(calls, [`att legacy ${PROVENANCE}`]);
    assert.deepEqual(verdict.verified, {
      signatures: [],
      attestations: [{ predicateType: PROVENANCE, signer: `key sha256:${ci.publicKey.keyId}` }],
    });
  });

  it('denies when the condition does not hold, naming attestation and authority', async () => {
    const { provider } = evidence({ attestations: [attestation(ci, PROVENANCE, { count: 2 })] });
    const verdict = await evaluate(compile(policy()), subject(), provider);
    assert.equal(
      verdict.denials[0]?.reason,
      'attestation "built-by-ci" of authority "ci-key" is not satisfied: the verified attestation satisfies the condition: the condition `predicate.count >= 3` is false',
    );
  });
});
