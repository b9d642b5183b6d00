/**
 * Offline Sigstore bundle verification per second: Signet's verifier (strict DER,
 * proof-root and subject checks on top of @sigstore/verify) next to @sigstore/verify
 * alone on the same bundles and trust material, in the same run. Bundles are the
 * sigstore-conformance cases that verify (../shared/fixtures); the scenario reports
 * nothing when they are absent.
 */
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { parseTrustedRoot, publicGoodTrustedRoot } from '../../src/signing/trust/index.js';
import { compileIdentityPolicy, createBundleVerifier } from '../../src/signing/keyless/index.js';
import { conformanceCases } from '../../test/support/conformance-cases.js';
import { fixturesSkipReason } from '../../test/support/fixtures.js';
import { measureLoop, type Measurement, type Scenario } from '../harness.js';

const CASES = ['happy-path-v0.3', 'happy-path-v0.2', 'happy-path-intoto-in-dsse-v3'];
const COUNT = 2_000;

export const bundleVerifyScenario: Scenario = {
  name: 'bundle-verify',
  description: 'offline keyless Sigstore bundle verification, Signet vs @sigstore/verify',
  async run(): Promise<Measurement[]> {
    const skip = fixturesSkipReason('sigstore-conformance/bundle-verify');
    if (skip !== undefined) {
      process.stderr.write(`bench: bundle-verify skipped: ${skip}\n`);
      return [];
    }
    const measurements: Measurement[] = [];
    for (const c of conformanceCases().filter((x) => CASES.includes(x.name))) {
      const root =
        c.trustedRootPath === undefined
          ? publicGoodTrustedRoot()
          : parseTrustedRoot(readFileSync(c.trustedRootPath, 'utf8'), c.trustedRootPath);
      const json = JSON.parse(readFileSync(c.bundlePath, 'utf8')) as unknown;
      const artifact = readFileSync(c.artifactPath);
      const signet = createBundleVerifier(root, {
        kind: 'identity',
        policy: compileIdentityPolicy({ identity: c.identity, issuer: c.issuer }),
      });
      const sigstore = new Verifier(toTrustMaterial(root), {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 1,
      });
      const policy = { subjectAlternativeName: c.identity, extensions: { issuer: c.issuer } };
      const subject = await measureLoop(
        () => Promise.resolve(signet(json, { kind: 'artifact', bytes: artifact }, c.name)),
        { count: COUNT },
      );
      // The ceiling parses the bundle too, as a caller of @sigstore/verify must.
      const ceiling = await measureLoop(
        () =>
          Promise.resolve(sigstore.verify(toSignedEntity(bundleFromJSON(json), artifact), policy)),
        { count: COUNT },
      );
      measurements.push({
        name: `verify ${c.name}`,
        unit: 'bundles/s',
        subject,
        ceiling,
        ceilingName: '@sigstore/verify alone',
      });
    }
    return measurements;
  },
};
