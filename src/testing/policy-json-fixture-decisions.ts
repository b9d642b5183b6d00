/**
 * Test support for the sigstoreSigned fixture tests: decides a containers/image fixture
 * image (../shared/fixtures/containers-image, dir: layout) under one sigstoreSigned
 * requirement, with the signature layer optionally edited, and the assertions on the
 * decision. Only tests import it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseReference } from '../oci/reference/index.js';
import { readContainersDir, type ContainersDirImage } from '../signing/cosign/containers-dir.js';
import type { SignatureLayer } from '../signing/cosign/index.js';
import { compilePolicyJson } from '../signing/policy-json/compile.js';
import { evaluatePolicyJson, type PolicyJsonDecision } from '../signing/policy-json/evaluate.js';
import { parsePolicyJson } from '../signing/policy-json/parse-policy.js';
import { policyJsonRejection } from '../signing/policy-json/rejection.js';

export const FIXTURES = resolve(
  process.env.SIGNET_FIXTURES ?? '../shared/fixtures',
  'containers-image',
);
export const present = existsSync(FIXTURES);
export const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;

export const at = (name: string) => join(FIXTURES, name);
export const text = (name: string) => readFileSync(at(name), 'utf8');
export const base64 = (name: string) => readFileSync(at(name)).toString('base64');

/** The fixture copy stores git symlinks as small files holding the relative target path. */
export async function followLinks(path: string, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const link = bytes.length < 200 ? bytes.toString('utf8') : '';
  if (/^\.\.\/[\w./-]+$/.test(link)) return followLinks(resolve(dirname(path), link), maxBytes);
  if (bytes.length > maxBytes) throw new Error(`${path} exceeds ${maxBytes} bytes`);
  return new Uint8Array(bytes);
}

export type Edit = (layer: SignatureLayer) => SignatureLayer;
export const without =
  (annotation: string): Edit =>
  (layer) => {
    const annotations = { ...layer.annotations };
    delete annotations[annotation];
    return { ...layer, annotations };
  };
export const replacing =
  (annotation: string, value: string): Edit =>
  (layer) => ({ ...layer, annotations: { ...layer.annotations, [annotation]: value } });

export async function decide(
  dir: string,
  image: string,
  requirement: object,
  edit: Edit = (l) => l,
): Promise<PolicyJsonDecision> {
  const read: ContainersDirImage = await readContainersDir(at(dir), { readFile: followLinks });
  const policy = parsePolicyJson(
    JSON.stringify({ default: [{ type: 'sigstoreSigned', ...requirement }] }),
    'policy.json',
  );
  const compiled = await compilePolicyJson(policy, {
    readKeyFile: async (path) => new Uint8Array(await readFile(path)),
  });
  return evaluatePolicyJson(compiled, {
    reference: parseReference(image),
    manifestDigest: read.manifestDigest,
    now: new Date(),
    signatures: () =>
      Promise.resolve({
        simpleSigning: read.signatures.flatMap((s) =>
          s.kind === 'simple-signing' ? [s.bytes] : [],
        ),
        sigstore: read.signatures.flatMap((s) => (s.kind === 'sigstore' ? [edit(s.layer)] : [])),
      }),
  });
}

export const REPO = { signedIdentity: { type: 'matchRepository' } };
export const KEY_IMAGE = [
  'dir-img-cosign-valid',
  '192.168.64.2:5000/cosign-signed-single-sample',
] as const;
export const KEY_REKOR_IMAGE = [
  'dir-img-cosign-key-rekor-valid',
  '192.168.64.2:5000/cosign-signed/key-1',
] as const;
export const FULCIO_IMAGE = [
  'dir-img-cosign-fulcio-rekor-valid',
  '192.168.64.2:5000/cosign-signed/fulcio-rekor-1',
] as const;
export const PKI_IMAGE = ['dir-img-cosign-pki-valid', 'localhost:5000/test'] as const;
export const fulcio = (overrides: object = {}) => ({
  fulcio: {
    caPath: at('fulcio_v1.crt.pem'),
    oidcIssuer: 'https://github.com/login/oauth',
    subjectEmail: 'mitr@redhat.com',
    ...overrides,
  },
});
export const pki = (overrides: object = {}) => ({
  pki: {
    caRootsPath: at('pki_root_crts.pem'),
    caIntermediatesPath: at('pki_intermediate_crts.pem'),
    subjectEmail: 'qiwan@redhat.com',
    subjectHostname: 'myhost.example.com',
    ...overrides,
  },
});

export function assertAllowed(decision: PolicyJsonDecision) {
  assert.equal(decision.allowed, true, decision.requirements.map((r) => r.reason).join('; '));
}
export function assertRejected(decision: PolicyJsonDecision, reason: RegExp) {
  assert.equal(decision.allowed, false);
  const error = policyJsonRejection(decision, 'policy.json');
  assert.match(error!.message, new RegExp(`^${decision.image.replace(/[.]/g, '\\.')} is rejected`));
  assert.match(error!.message, /requirement 1 \(sigstoreSigned\)/);
  assert.match(decision.requirements[0]!.reason, reason);
}
