// An authority reads the one signature layout its signatureFormat names, as policy-controller
// has cosign read it: legacy (the default) the .sig/.att tags, bundle the Sigstore bundles
// attached as referrers. The evidence request says which, so referrers are listed only for
// authorities that read bundles.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { parseReference } from '../../oci/reference/index.js';
import {
  bundleKeyHint,
  buildSignStatement,
  encodeDsseBundle,
  signDsse,
} from '../../signing/bundle/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { cosignSignatureLayer } from '../../testing/cosign-evidence.js';
import { compilePolicies } from '../compile.js';
import { bundleAttestations } from './bundle-envelope.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { formatProblem } from '../problems.js';
import { evaluate } from './evaluate.js';
import { evidenceRequests } from './evidence-requests.js';
import type { PolicyEvidence } from './evidence.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const IMAGE = 'registry.example/team/app:1.0';
const PROVENANCE = 'https://slsa.dev/provenance/v1';
let ci: PrivateKey;
let stranger: PrivateKey;

const signatureBundle = (key: PrivateKey) =>
  encodeDsseBundle(signDsse(key, buildSignStatement(DIGEST)), bundleKeyHint(key.publicKey));

function attestationBundle(key: PrivateKey, builder: string): Uint8Array {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'registry.example/team/app', digest: { sha256: DIGEST.slice(7) } }],
    predicateType: PROVENANCE,
    predicate: { builder: { id: builder } },
  };
  const payload = new TextEncoder().encode(JSON.stringify(statement));
  return encodeDsseBundle(signDsse(key, payload), bundleKeyHint(key.publicKey));
}

/** Evidence holding both layouts; it records which one each request asked for. */
function evidence(store: { layers?: SignatureLayer[]; bundles?: Uint8Array[] }) {
  const calls: string[] = [];
  const provider: PolicyEvidence = {
    fetchSignatures(_image, source) {
      calls.push(`signatures ${source.format}`);
      return Promise.resolve(
        source.format === 'bundle'
          ? { format: 'bundle', bundles: store.bundles ?? [] }
          : { format: 'legacy', layers: store.layers ?? [] },
      );
    },
    fetchAttestations(_image, source) {
      calls.push(`attestations ${source.format}`);
      return Promise.resolve(
        source.format === 'bundle' ? bundleAttestations(store.bundles ?? []) : [],
      );
    },
    readSecret: () => Promise.reject(new Error('no secrets here')),
  };
  return { provider, calls };
}

function policy(authorities: string) {
  const text = `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: ci}\nspec:\n  images: [{glob: "registry.example/**"}]\n  authorities:\n${authorities.replaceAll('PEM', JSON.stringify(ci.publicKey.pem))}`;
  const parsed = parsePolicyYaml(text, 'ci.yaml');
  assert.deepEqual(parsed.problems.map(formatProblem), []);
  return compilePolicies(parsed.documents);
}

const judge = (set: ReturnType<typeof policy>, provider: PolicyEvidence) =>
  evaluate(set, { image: IMAGE, ref: parseReference(IMAGE), digest: DIGEST }, provider);

describe('signature layouts chosen by signatureFormat', () => {
  before(async () => {
    ci = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  it('reads only the .sig tag by default (legacy), so a bundle-signed image is denied, saying why', async () => {
    const { provider, calls } = evidence({ bundles: [signatureBundle(ci)] });
    const verdict = await judge(policy('  - key: {data: PEM}'), provider);
    assert.equal(verdict.allowed, false);
    assert.deepEqual(calls, ['signatures legacy']);
    assert.match(verdict.denials[0]!.reason, /signatureFormat: bundle reads Sigstore bundles/);
  });

  it('reads only the bundle referrers with signatureFormat: bundle', async () => {
    const set = policy('  - signatureFormat: bundle\n    key: {data: PEM}');
    const signed = evidence({ bundles: [signatureBundle(ci)] });
    assert.equal((await judge(set, signed.provider)).allowed, true);
    assert.deepEqual(signed.calls, ['signatures bundle']);

    const legacyOnly = await judge(
      set,
      evidence({ layers: [cosignSignatureLayer(ci, DIGEST)] }).provider,
    );
    assert.equal(legacyOnly.allowed, false);
    assert.match(
      legacyOnly.denials[0]!.reason,
      /no Sigstore bundle signatures found.*signatureFormat: legacy reads \.sig tags/,
    );
  });

  it('denies a bundle signed by another key', async () => {
    const set = policy('  - signatureFormat: bundle\n    key: {data: PEM}');
    const verdict = await judge(set, evidence({ bundles: [signatureBundle(stranger)] }).provider);
    assert.equal(verdict.allowed, false);
    assert.match(verdict.denials[0]!.reason, /1 signature found, none verifies with the key/);
  });

  it('allows a legacy signature with signatureFormat: legacy written out', async () => {
    const set = policy('  - signatureFormat: legacy\n    key: {data: PEM}');
    const { provider, calls } = evidence({ layers: [cosignSignatureLayer(ci, DIGEST)] });
    assert.equal((await judge(set, provider)).allowed, true);
    assert.deepEqual(calls, ['signatures legacy']);
  });

  it('checks attestations inside bundles with signatureFormat: bundle', async () => {
    const attested = (builder: string) =>
      policy(
        `  - signatureFormat: bundle\n    key: {data: PEM}\n    attestations:\n    - name: provenance\n      predicateType: ${PROVENANCE}\n      policy: {type: cel, data: 'predicate.builder.id == "${builder}"'}`,
      );
    const bundles = [signatureBundle(ci), attestationBundle(ci, 'https://ci.example/builder')];
    const { provider, calls } = evidence({ bundles });
    assert.equal((await judge(attested('https://ci.example/builder'), provider)).allowed, true);
    assert.deepEqual(calls, ['attestations bundle']);
    const other = await judge(
      attested('https://elsewhere.example'),
      evidence({ bundles }).provider,
    );
    assert.match(other.denials[0]!.reason, /attestation "provenance" .* is not satisfied/);

    const byStranger = evidence({
      bundles: [attestationBundle(stranger, 'https://ci.example/builder')],
    });
    const denied = await judge(attested('https://ci.example/builder'), byStranger.provider);
    assert.match(
      denied.denials[0]!.reason,
      /none of type https:\/\/slsa\.dev\/provenance\/v1 verifies with the key/,
    );
  });

  it('checks bundles under the scheme their key type fixes, whatever hashAlgorithm says', async () => {
    const set = policy(
      `  - signatureFormat: bundle\n    key: {data: PEM, hashAlgorithm: sha512}\n    attestations:\n    - {name: provenance, predicateType: ${PROVENANCE}}`,
    );
    const bundles = [attestationBundle(ci, 'https://ci.example/builder')];
    assert.equal((await judge(set, evidence({ bundles }).provider)).allowed, true);
  });

  it('lets each authority of a policy read its own layout', async () => {
    const set = policy('  - key: {data: PEM}\n  - signatureFormat: bundle\n    key: {data: PEM}');
    const { provider, calls } = evidence({ bundles: [signatureBundle(ci)] });
    assert.equal((await judge(set, provider)).allowed, true);
    assert.deepEqual(calls.sort(), ['signatures bundle', 'signatures legacy']);
  });

  it('lists before evaluation which layout each source is read in, merged by source', () => {
    const set = policy(
      `  - key: {data: PEM}\n  - signatureFormat: bundle\n    key: {data: PEM}\n    attestations: [{name: p, predicateType: ${PROVENANCE}}]\n  - signatureFormat: bundle\n    key: {data: PEM}\n  - static: {action: fail}\n  - keyless: {identities: [{issuer: i, subject: s}]}`,
    );
    const requests = evidenceRequests(set.policies, parseReference(IMAGE));
    assert.deepEqual(
      requests.map((r) => [
        r.source.format,
        r.source.repository.repository,
        r.signatures,
        r.predicateTypes,
      ]),
      [
        ['legacy', 'team/app', true, []],
        ['bundle', 'team/app', true, [PROVENANCE]],
      ],
    );
  });
});
