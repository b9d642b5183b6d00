/**
 * Attestation cost per image: `attest-and-record` (build an SLSA v1 provenance statement,
 * DSSE-sign it, record a dsse entry in Signet's log, append it to the `.att` manifest on
 * the real CNCF distribution registry) next to `sign-and-record` (the same for a legacy
 * `.sig` signature with a hashedrekord entry) as its ceiling, in the same run and
 * interleaved round-robin so load from elsewhere on the machine slows both alike. Each
 * operation works on its own image, so no manifest grows across the run.
 */
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, type ImageReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { generateKeyPair } from '../../src/core/keys/index.js';
import { signImage } from '../../src/signing/index.js';
import { attestImage, SLSA_PROVENANCE_V1 } from '../../src/signing/attest/index.js';
import { openLogWriter } from '../../src/signing/sign/transparency-log.js';
import { startDistributionRegistry } from '../../src/testing/index.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import type { Measurement, Scenario } from '../harness.js';
import { interleavedLoops } from './interleaved-loops.js';

const PER_CASE = 120;
const PREDICATE = {
  buildDefinition: {
    buildType: 'https://signet.dev/buildtypes/generic/v1',
    externalParameters: { target: 'release' },
    resolvedDependencies: [
      { uri: 'git+https://git.example/app', digest: { gitCommit: 'a'.repeat(40) } },
    ],
  },
  runDetails: {
    builder: { id: 'https://ci.example/builder' },
    metadata: {
      invocationId: 'bench',
      startedOn: '2026-01-01T00:00:00Z',
      finishedOn: '2026-01-01T00:01:00Z',
    },
  },
};

export const attestScenario: Scenario = {
  name: 'attest',
  description: `attest-and-record vs sign-and-record, ${PER_CASE} images each, distribution registry and Signet's log on loopback`,
  async run(): Promise<Measurement[]> {
    const registry = await startDistributionRegistry();
    const log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 2 } });
    const client = new RegistryClient();
    const writer = openLogWriter(log.url);
    try {
      const key = await generateKeyPair('ecdsa-p256');
      const images: Record<'sign' | 'attest', (ImageReference & { digest: string })[]> = {
        sign: [],
        attest: [],
      };
      // Warm-up operations take images too: 4 per case.
      for (const kind of ['sign', 'attest'] as const)
        for (let i = 0; i < PER_CASE + 4; i++) {
          const ref = parseReference(`${registry.host}/bench/${kind}${i % 10}:v${i}`);
          const { digest } = await pushImage(
            client,
            ref,
            buildImage({ layers: 1, layerBytes: 256 }),
          );
          images[kind].push({ ...ref, digest });
        }
      const next = { sign: 0, attest: 0 };
      const write = { settleMs: [0, 0] as const };
      const stats = await interleavedLoops(
        {
          'sign-and-record': () =>
            signImage(client, images.sign[next.sign++]!, key, { transparencyLog: writer, write }),
          'attest-and-record': () =>
            attestImage(client, images.attest[next.attest++]!, key, {
              predicateType: SLSA_PROVENANCE_V1,
              predicate: PREDICATE,
              transparencyLog: writer,
              write,
            }),
        },
        { count: PER_CASE, rounds: 4, concurrency: 4, warmup: 4 },
      );
      return [
        {
          name: 'attest-and-record per image (SLSA v1, .att, dsse entry)',
          unit: 'images/s',
          subject: stats['attest-and-record'],
          ceiling: stats['sign-and-record'],
          ceilingName: 'sign-and-record (.sig, hashedrekord entry)',
        },
      ];
    } finally {
      await writer.close();
      await client.close();
      await log.close();
      await registry.stop();
    }
  },
};
