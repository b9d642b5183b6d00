// Property: a valid Sigstore bundle from the conformance suite with one bit flipped in any
// signed or signature-bearing field (signature, DSSE payload, leaf certificate, log entry
// body, SET, inclusion proof, checkpoint, RFC 3161 timestamp) is never accepted, and every
// refusal is a typed error: 10,000 seeded mutations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SignetError } from '../../src/core/errors.js';
import { parsePublicKey } from '../../src/core/keys/index.js';
import {
  compileIdentityPolicy,
  createBundleVerifier,
  type BundleVerifier,
} from '../../src/signing/keyless/index.js';
import { parseTrustedRoot, publicGoodTrustedRoot } from '../../src/signing/trust/index.js';
import { parseStrictDer } from '../../src/signing/keyless/strict-der.js';
import { conformanceCases } from '../support/conformance-cases.js';
import { fixturesSkipReason } from '../support/fixtures.js';

const skip = fixturesSkipReason('sigstore-conformance/bundle-verify');
if (skip !== undefined && process.env.CI === 'true') throw new Error(skip);

type Json = Record<string, unknown>;

interface Target {
  readonly name: string;
  readonly bundle: Json;
  readonly artifact: Uint8Array;
  readonly verify: BundleVerifier;
  /** JSON paths of the base64 fields a mutation may hit. */
  readonly fields: readonly (readonly (string | number)[])[];
}

/** Base64 fields that are signatures or are covered by one, wherever the bundle has them. */
function signedFields(bundle: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const has = (path: (string | number)[]) => typeof get(bundle, path) === 'string';
  const push = (path: (string | number)[]) => has(path) && out.push(path);
  push(['messageSignature', 'signature']);
  push(['dsseEnvelope', 'payload']);
  push(['dsseEnvelope', 'signatures', 0, 'sig']);
  const vm = ['verificationMaterial'];
  push([...vm, 'certificate', 'rawBytes']);
  push([...vm, 'x509CertificateChain', 'certificates', 0, 'rawBytes']);
  const entries = (get(bundle, [...vm, 'tlogEntries']) as unknown[] | undefined) ?? [];
  entries.forEach((_, i) => {
    const e = [...vm, 'tlogEntries', i];
    push([...e, 'canonicalizedBody']);
    push([...e, 'inclusionPromise', 'signedEntryTimestamp']);
    push([...e, 'inclusionProof', 'rootHash']);
    const hashes = (get(bundle, [...e, 'inclusionProof', 'hashes']) as unknown[] | undefined) ?? [];
    hashes.forEach((__, j) => push([...e, 'inclusionProof', 'hashes', j]));
  });
  const stamps =
    (get(bundle, [...vm, 'timestampVerificationData', 'rfc3161Timestamps']) as
      unknown[] | undefined) ?? [];
  stamps.forEach((_, i) =>
    push([...vm, 'timestampVerificationData', 'rfc3161Timestamps', i, 'signedTimestamp']),
  );
  return out;
}

function get(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

/**
 * The byte ranges of an RFC 3161 token that its signature covers or that are the
 * signature: the TSTInfo (eContent), the signed attributes and the signature value. The
 * rest (embedded certificates, signer identifier, algorithm identifiers, versions) is
 * unsigned metadata: the TSA is trusted through the trusted root's chain instead.
 */
function signedTimestampRanges(token: Buffer): [number, number][] {
  const top = parseStrictDer(token);
  const info = top.children[0]?.tag === 0x30 ? top.children[1] : top;
  const signed = info!.children[1]!.children[0]!;
  const eContent = signed.children[2]!.children[1]!;
  const signerInfo = signed.children[signed.children.length - 1]!.children[0]!;
  const signedAttributes = signerInfo.children.find((part) => part.tag === 0xa0)!;
  const signature = signerInfo.children[signerInfo.children.length - 1]!;
  return [eContent, signedAttributes, signature].map((node) => {
    const start = node.bytes.byteOffset - token.byteOffset;
    return [start, start + node.bytes.length];
  });
}

function withFlippedBit(bundle: Json, path: readonly (string | number)[], at: number): Json {
  const copy = structuredClone(bundle);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, string>;
  const key = path[path.length - 1]!;
  const bytes = Buffer.from(parent[key]!, 'base64');
  const ranges: [number, number][] =
    key === 'signedTimestamp' ? signedTimestampRanges(bytes) : [[0, bytes.length]];
  let index = Math.floor(at / 8) % ranges.reduce((sum, [a, b]) => sum + b - a, 0);
  for (const [a, b] of ranges) {
    if (index < b - a) {
      index += a;
      break;
    }
    index -= b - a;
  }
  bytes[index]! ^= 1 << (at % 8);
  parent[key] = bytes.toString('base64');
  return copy;
}

function targets(): Target[] {
  return conformanceCases()
    .filter((c) => !c.expectFailure)
    .map((c) => {
      const root =
        c.trustedRootPath === undefined
          ? publicGoodTrustedRoot()
          : parseTrustedRoot(readFileSync(c.trustedRootPath, 'utf8'), c.trustedRootPath);
      const verify = createBundleVerifier(
        root,
        c.keyPath === undefined
          ? {
              kind: 'identity',
              policy: compileIdentityPolicy({ identity: c.identity, issuer: c.issuer }),
            }
          : {
              kind: 'key',
              key: parsePublicKey(readFileSync(c.keyPath, 'utf8'), c.keyPath).keyObject,
            },
      );
      const bundle = JSON.parse(readFileSync(c.bundlePath, 'utf8')) as Json;
      return {
        name: c.name,
        bundle,
        artifact: new Uint8Array(readFileSync(c.artifactPath)),
        verify,
        fields: signedFields(bundle),
      };
    });
}

describe('mutated Sigstore bundles', { skip }, () => {
  it('are refused with a typed error in 10,000 seeded single-bit mutations', () => {
    const all = targets();
    for (const t of all) {
      // Unmutated, each verifies: a refusal below is caused by the mutation.
      t.verify(t.bundle, { kind: 'artifact', bytes: t.artifact }, t.name);
    }
    let refused = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (which, field, bit) => {
        const t = all[which % all.length]!;
        const path = t.fields[field % t.fields.length]!;
        const mutated = withFlippedBit(t.bundle, path, bit);
        try {
          t.verify(mutated, { kind: 'artifact', bytes: t.artifact }, t.name);
        } catch (error) {
          assert.ok(error instanceof SignetError, `${t.name} ${path.join('.')}: ${String(error)}`);
          refused++;
          return;
        }
        assert.fail(`${t.name}: accepted with a bit flipped in ${path.join('.')} (bit ${bit})`);
      }),
      { numRuns: 10_000, seed: 20261206, includeErrorInReport: true },
    );
    assert.equal(refused, 10_000);
  });
});
