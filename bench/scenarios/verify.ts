/**
 * Image verification throughput: 200 images signed (legacy layout, ECDSA P-256) on the
 * real CNCF distribution registry on loopback, verified end to end (resolve digest, read
 * the `.sig` manifest and payload, probe the referrers tag schema, verify).
 *
 * - cold: a new registry client and freshly parsed key per image, as a one-shot CLI does;
 * - warm: one client and one verifier built once, as the admission webhook runs;
 * - ceiling: raw node:crypto ECDSA P-256 verifies per second in the same run.
 * Then `signet verify` as a process, start to exit (node bin/signet.js, p50 of 10),
 * against `node -e 0` as the ceiling: the floor any Node CLI pays.
 */
import { execFile } from 'node:child_process';
import { rawEcdsaCeiling } from './ecdsa-ceiling.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDistributionRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, type ImageReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { generateKeyPair, parsePublicKey } from '../../src/core/keys/index.js';
import { createImageVerifier, signImage, verifyImage } from '../../src/signing/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop } from '../harness.js';

const IMAGES = 200;
const PROCESS_RUNS = 10;
const run = promisify(execFile);

export const verifyScenario: Scenario = {
  name: 'verify',
  description: `verify ${IMAGES} signed images on the local distribution registry, cold and warm; signet verify process time`,
  async run(): Promise<Measurement[]> {
    const registry = await startDistributionRegistry();
    const setupClient = new RegistryClient();
    const dir = await mkdtemp(join(tmpdir(), 'signet-bench-verify-'));
    try {
      const key = await generateKeyPair('ecdsa-p256');
      const pubPath = join(dir, 'cosign.pub');
      await writeFile(pubPath, key.publicKey.pem);
      const refs: ImageReference[] = [];
      for (let i = 0; i < IMAGES; i++) {
        const ref = parseReference(`${registry.host}/bench/verify${i % 20}:v${i}`);
        const { digest } = await pushImage(
          setupClient,
          ref,
          buildImage({ layers: 1, layerBytes: 256 }),
        );
        // No settle delay while seeding: a single signer has no race to wait out.
        await signImage(setupClient, { ...ref, digest }, key, { write: { settleMs: [0, 0] } });
        refs.push(ref);
      }
      const check = (ok: boolean) => {
        if (!ok) throw new Error('benchmark image failed verification');
      };

      const cold = await measureLoop(
        async (i) => {
          const client = new RegistryClient();
          try {
            const verifier = createImageVerifier({
              keys: [parsePublicKey(key.publicKey.pem, 'bench key')],
            });
            check((await verifyImage(client, refs[i % IMAGES]!, verifier)).result.ok);
          } finally {
            await client.close();
          }
        },
        { count: IMAGES, concurrency: 8, warmup: 5 },
      );
      const client = new RegistryClient();
      const verifier = createImageVerifier({ keys: [key.publicKey] });
      const verifyWarm = async (i: number) =>
        check((await verifyImage(client, refs[i % IMAGES]!, verifier)).result.ok);
      const warm = await measureLoop(verifyWarm, { count: IMAGES, concurrency: 8 });
      const warmSerial = await measureLoop(verifyWarm, { count: IMAGES });
      await client.close();
      const ecdsa = await rawEcdsaCeiling();

      const processes = await measureLoop(
        () =>
          run(process.execPath, [
            'bin/signet.js',
            'verify',
            '--key',
            pubPath,
            `${registry.host}/bench/verify0:v0`,
          ]),
        { count: PROCESS_RUNS, warmup: 1 },
      );
      const bare = await measureLoop(() => run(process.execPath, ['-e', '0']), {
        count: PROCESS_RUNS,
        warmup: 1,
      });

      return [
        {
          name: 'verifyImage cold (new client, parse key)',
          unit: 'images/s',
          subject: cold,
          ceiling: ecdsa,
          ceilingName: 'raw ECDSA P-256 verify',
        },
        {
          name: 'verifyImage warm (one client, one verifier)',
          unit: 'images/s',
          subject: warm,
          ceiling: ecdsa,
          ceilingName: 'raw ECDSA P-256 verify',
        },
        {
          name: 'verifyImage warm, serial',
          unit: 'images/s',
          subject: warmSerial,
          ceiling: ecdsa,
          ceilingName: 'raw ECDSA P-256 verify',
        },
        {
          name: 'signet verify process, start to exit',
          unit: 'processes/s',
          subject: processes,
          ceiling: bare,
          ceilingName: 'node -e 0',
          notes: 'compare p50Ms: time from spawn to exit of one verification',
        },
      ];
    } finally {
      await setupClient.close();
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
