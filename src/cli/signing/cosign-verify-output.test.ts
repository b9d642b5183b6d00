import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SignatureOutcome } from '../../signing/index.js';
import { cosignVerifyOutput } from './cosign-verify-output.js';

const digest = `sha256:${'a'.repeat(64)}`;
const checks = { signature: 'ok', digest: 'ok', tlog: 'absent', certificate: 'absent' } as const;
const outcome = (parts: Partial<SignatureOutcome>): SignatureOutcome => ({
  layout: 'legacy',
  source: 's',
  status: 'verified',
  reason: 'verified',
  message: 'm',
  checks,
  ...parts,
});

describe("cosign's verify output", () => {
  it('prints a .sig payload as signed, optional null when it has none', () => {
    const payload = {
      critical: {
        identity: { 'docker-reference': 'r.example/app' },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    };
    assert.deepEqual(cosignVerifyOutput([outcome({ payload })], 'r.example/app:1'), [payload]);
  });

  it("adds the layer's Rekor bundle to optional, keys sorted as Go marshals them", () => {
    const payload = {
      critical: {
        identity: { 'docker-reference': 'r.example/app' },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: { team: 'a', Zone: 'b' },
    };
    const [printed] = cosignVerifyOutput(
      [outcome({ payload, rekorBundle: { SignedEntryTimestamp: 'x' } })],
      'r.example/app:1',
    );
    assert.deepEqual(Object.keys(printed!.optional!), ['Bundle', 'Zone', 'team']);
    assert.deepEqual(printed!.optional!.Bundle, { SignedEntryTimestamp: 'x' });
  });

  it('prints a bundle as cosign v3: the reference as given, subject digest, predicate type', () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: 'a'.repeat(64) }, annotations: { env: 'prod' } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    };
    assert.deepEqual(
      cosignVerifyOutput([outcome({ layout: 'bundle', payload: statement })], 'r.example/app:1'),
      [
        {
          critical: {
            identity: { 'docker-reference': 'r.example/app:1' },
            image: { 'docker-manifest-digest': digest },
            type: 'https://sigstore.dev/cosign/sign/v1',
          },
          optional: { env: 'prod' },
        },
      ],
    );
  });

  it('adds what cosign prints of a keyless certificate: Subject, Issuer and workflow claims', () => {
    const payload = {
      critical: {
        identity: { 'docker-reference': 'r.example/app' },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    };
    const [printed] = cosignVerifyOutput(
      [
        outcome({
          payload,
          certificate: {
            subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
            issuer: 'https://token.actions.githubusercontent.com',
            githubWorkflow: { trigger: 'push', repository: 'acme/app' },
          },
        }),
      ],
      'r.example/app:1',
    );
    assert.deepEqual(Object.keys(printed!.optional!), [
      '1.3.6.1.4.1.57264.1.1',
      '1.3.6.1.4.1.57264.1.2',
      '1.3.6.1.4.1.57264.1.5',
      'Issuer',
      'Subject',
      'githubWorkflowRepository',
      'githubWorkflowTrigger',
    ]);
    assert.equal(printed!.optional!.Issuer, 'https://token.actions.githubusercontent.com');
    assert.equal(printed!.optional!['1.3.6.1.4.1.57264.1.5'], 'acme/app');
  });

  it('prints no Issuer for a private PKI certificate without one', () => {
    const [printed] = cosignVerifyOutput(
      [
        outcome({
          layout: 'bundle',
          payload: {
            predicateType: 'https://sigstore.dev/cosign/sign/v1',
            subject: [{ digest: { sha256: 'a'.repeat(64) } }],
          },
          certificate: { subject: 'qiwan@redhat.com', issuer: '', githubWorkflow: {} },
        }),
      ],
      'r.example/app:1',
    );
    assert.deepEqual(printed!.optional, { Subject: 'qiwan@redhat.com' });
  });
});
