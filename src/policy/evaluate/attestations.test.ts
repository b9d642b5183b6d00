import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { inTotoEnvelope } from '../../testing/cosign-evidence.js';
import { compileCelCondition, createCelEnvironment } from '../cel-condition.js';
import { checkAttestation } from './attestations.js';
import type { AttestationEnvelope } from './evidence.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const OTHER_DIGEST = `sha256:${'2e'.repeat(32)}`;
const PROVENANCE = 'https://slsa.dev/provenance/v1';
const PREDICATE = {
  buildDefinition: {
    buildType: 'https://signet.dev/buildtypes/generic/v1',
    externalParameters: { ref: 'refs/heads/main' },
    resolvedDependencies: [
      { uri: 'git+https://git.example/app@refs/heads/main', digest: { gitCommit: 'c0ffee' } },
    ],
  },
  runDetails: { builder: { id: 'https://ci.example/builder' } },
  count: 3,
};

let ci: PrivateKey;
let stranger: PrivateKey;

/** A DSSE-wrapped in-toto statement as `cosign attest --key` makes it. */
function envelope(
  key: PrivateKey,
  predicate: unknown = PREDICATE,
  options: { type?: string; digest?: string; statementType?: string; payloadType?: string } = {},
): AttestationEnvelope {
  const { type = PROVENANCE, digest = DIGEST, ...statement } = options;
  return { envelope: inTotoEnvelope(key, digest, type, predicate, statement), annotations: {} };
}

function check(condition: string | undefined, envelopes: AttestationEnvelope[]) {
  let compiled;
  if (condition !== undefined) {
    const result = compileCelCondition(createCelEnvironment(), condition);
    assert.ok(result.ok, 'condition compiles');
    compiled = result.condition;
  }
  return checkAttestation(ci.publicKey, undefined, PROVENANCE, compiled, envelopes, DIGEST);
}

describe('checking a required attestation', () => {
  before(async () => {
    ci = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  const cases: [string, string | undefined, () => AttestationEnvelope[], RegExp | undefined][] = [
    [
      'accepts a verified attestation without a condition',
      undefined,
      () => [envelope(ci)],
      undefined,
    ],
    [
      'accepts a satisfied condition',
      'predicate.runDetails.builder.id.startsWith("https://ci.example/")',
      () => [envelope(ci)],
      undefined,
    ],
    [
      'compares JSON numbers with integer literals',
      'predicate.count >= 3 && predicateType == "https://slsa.dev/provenance/v1"',
      () => [envelope(ci)],
      undefined,
    ],
    [
      'reads subjects and the whole statement',
      'size(subject) == 1 && statement._type.endsWith("/v1")',
      () => [envelope(ci)],
      undefined,
    ],
    [
      'accepts in-toto statements v0.1',
      undefined,
      () => [envelope(ci, PREDICATE, { statementType: 'https://in-toto.io/Statement/v0.1' })],
      undefined,
    ],
    [
      'refuses a false condition',
      'predicate.buildDefinition.externalParameters.ref == "refs/heads/release"',
      () => [envelope(ci)],
      /^the verified attestation satisfies the condition: the condition `predicate\.buildDefinition\.externalParameters\.ref == "refs\/heads\/release"` is false$/,
    ],
    [
      'refuses a condition reading a missing field',
      'predicate.nothing == 1',
      () => [envelope(ci)],
      /could not be evaluated: No such key: nothing/,
    ],
    [
      'refuses an attestation signed by another key',
      'true',
      () => [envelope(stranger)],
      /^1 attestation found, none of type https:\/\/slsa\.dev\/provenance\/v1 verifies with the key for this image \(attestation 1: no signature verifies with the key\)$/,
    ],
    [
      'refuses an attestation about another image',
      'true',
      () => [envelope(ci, PREDICATE, { digest: OTHER_DIGEST })],
      /attestation 1: no subject\[\]\.digest names sha256:1f1f/,
    ],
    [
      'refuses an attestation of another type',
      'true',
      () => [envelope(ci, {}, { type: 'https://spdx.dev/Document' })],
      /none of type https:\/\/slsa.*predicateType is "https:\/\/spdx\.dev\/Document"/,
    ],
    [
      'refuses a statement of an unknown _type',
      'true',
      () => [envelope(ci, PREDICATE, { statementType: 'https://example/Statement' })],
      /none of type.*_type "https:\/\/example\/Statement" is not/,
    ],
    [
      'refuses a DSSE payload that is not in-toto',
      'true',
      () => [envelope(ci, PREDICATE, { payloadType: 'text/plain' })],
      /none of type.*payloadType "text\/plain"/,
    ],
    [
      'checks the builder, source and build type of provenance as slsa-verifier does',
      'predicate.runDetails.builder.id == "https://ci.example/builder" && predicate.buildDefinition.buildType == "https://signet.dev/buildtypes/generic/v1" && predicate.buildDefinition.resolvedDependencies.exists(d, d.uri.startsWith("git+https://git.example/app@") && d.digest.gitCommit == "c0ffee")',
      () => [envelope(ci)],
      undefined,
    ],
    [
      'refuses provenance from another source repository',
      'predicate.buildDefinition.resolvedDependencies.exists(d, d.uri.startsWith("git+https://git.example/other@"))',
      () => [envelope(ci)],
      /is false$/,
    ],
    [
      'refuses when there is no attestation',
      'true',
      () => [],
      /^no attestation of type https:\/\/slsa\.dev\/provenance\/v1 found$/,
    ],
    [
      'refuses a malformed envelope without throwing',
      'true',
      () => [{ envelope: new TextEncoder().encode('{"payload":'), annotations: {} }],
      /^1 attestation found, none.*DSSE envelope is not UTF-8 JSON/,
    ],
    [
      'accepts one good attestation among bad ones',
      'predicate.count == 3',
      () => [envelope(stranger), envelope(ci, { count: 1 }), envelope(ci)],
      undefined,
    ],
    [
      'reports every distinct reason when no verified attestation satisfies the condition',
      'predicate.count == 3',
      () => [envelope(ci, { count: 1 }), envelope(ci, { other: 1 })],
      /^none of 2 verified attestations satisfies the condition: the condition `predicate\.count == 3` is false; the condition could not be evaluated: No such key: count$/,
    ],
  ];
  for (const [name, condition, envelopes, reason] of cases) {
    it(name, () => {
      const result = check(condition, envelopes());
      if (reason === undefined) assert.deepEqual(result, { ok: true });
      else {
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.detail, reason);
      }
    });
  }

  it('checks with exactly the hash the policy names', () => {
    const good = checkAttestation(
      ci.publicKey,
      'sha256',
      PROVENANCE,
      undefined,
      [envelope(ci)],
      DIGEST,
    );
    assert.deepEqual(good, { ok: true });
    const wrongHash = checkAttestation(
      ci.publicKey,
      'sha512',
      PROVENANCE,
      undefined,
      [envelope(ci)],
      DIGEST,
    );
    assert.equal(wrongHash.ok, false);
  });
});
