/**
 * GPG simple signing: verification throughput and end-to-end checks against skopeo.
 *
 * - verifySimpleSignature (OpenPGP parse, Ed25519 verify, key-state checks, strict payload
 *   parse) per signature, next to raw node:crypto Ed25519 verifies and raw openpgp.js
 *   verify() of the same messages, measured in the same run;
 * - 20 images on the real distribution registry, signed into a file:// lookaside store:
 *   `signet gpg verify` per image (in-process CLI: keyring load, registry client, lookaside
 *   read, verify) and as a process (node bin/signet.js), against `skopeo copy --policy` with a
 *   signedBy requirement to a local dir, per image.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  loadKeyring,
  signSimpleSignature,
  verifySimpleSignature,
} from '../../src/signing/gpg/index.js';
import { writeLookasideSignature } from '../../src/signing/lookaside/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { startDistributionRegistry } from '../../src/testing/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop } from '../harness.js';

const IMAGES = 20;
const SIGNATURES = 200;
const run = promisify(execFile);

export const gpgScenario: Scenario = {
  name: 'gpg',
  description: `GPG simple-signature verify throughput; signet gpg verify vs skopeo copy --policy on ${IMAGES} images`,
  async run(): Promise<Measurement[]> {
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'bench' }],
      format: 'armored',
    });
    const keyring = await loadKeyring([publicKey]);
    const signatures: Uint8Array[] = [];
    for (let i = 0; i < SIGNATURES; i++) {
      const digest = `sha256:${i.toString(16).padStart(64, '0')}`;
      signatures.push(
        (
          await signSimpleSignature({
            privateKey,
            dockerReference: `reg.example/bench/app:${i}`,
            manifestDigest: digest,
          })
        ).signature,
      );
    }
    const now = new Date();
    const signet = await measureLoop(
      (i) => verifySimpleSignature({ signature: signatures[i % SIGNATURES]!, keyring, now }),
      { count: SIGNATURES * 2 },
    );
    const openpgpRaw = await measureLoop(
      async (i) => {
        const message = await openpgp.readMessage({ binaryMessage: signatures[i % SIGNATURES]! });
        const result = await openpgp.verify({
          message,
          verificationKeys: [...keyring.keys],
          format: 'binary',
        });
        await result.signatures[0]!.verified;
      },
      { count: SIGNATURES * 2 },
    );
    const ed = generateKeyPairSync('ed25519');
    const data = new Uint8Array(400);
    const edSignature = cryptoSign(null, data, ed.privateKey);
    const ed25519 = await measureLoop(
      () => Promise.resolve(cryptoVerify(null, data, ed.publicKey, edSignature)),
      { count: 20_000, warmup: 200 },
    );

    const endToEnd = await imagesAgainstSkopeo(privateKey, publicKey);
    return [
      {
        name: 'verifySimpleSignature (Ed25519 key)',
        unit: 'signatures/s',
        subject: signet,
        ceiling: ed25519,
        ceilingName: 'raw node:crypto Ed25519 verify',
      },
      {
        name: 'verifySimpleSignature (Ed25519 key)',
        unit: 'signatures/s',
        subject: signet,
        ceiling: openpgpRaw,
        ceilingName: 'raw openpgp.js readMessage + verify',
      },
      ...endToEnd,
    ];
  },
};

async function imagesAgainstSkopeo(privateKey: string, publicKey: string): Promise<Measurement[]> {
  const registry = await startDistributionRegistry();
  const client = new RegistryClient();
  const dir = await mkdtemp(join(tmpdir(), 'signet-bench-gpg-'));
  try {
    const store = pathToFileURL(join(dir, 'lookaside')).href;
    const keyPath = join(dir, 'key.asc');
    const policyPath = join(dir, 'policy.json');
    const registriesD = join(dir, 'registries.d');
    await writeFile(keyPath, publicKey);
    await writeFile(
      policyPath,
      JSON.stringify({ default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath }] }),
    );
    await mkdir(registriesD);
    await writeFile(join(registriesD, 'default.yaml'), `default-docker:\n  lookaside: ${store}\n`);
    const refs: string[] = [];
    for (let i = 0; i < IMAGES; i++) {
      const ref = `${registry.host}/bench/gpg${i}:1.0`;
      const { digest } = await pushImage(
        client,
        parseReference(ref),
        buildImage({ layers: 1, layerBytes: 256 }),
      );
      const { signature } = await signSimpleSignature({
        privateKey,
        dockerReference: ref,
        manifestDigest: digest,
      });
      await writeLookasideSignature(
        { base: store, repository: `bench/gpg${i}`, digest },
        signature,
      );
      refs.push(ref);
    }
    const verifyArgs = (ref: string) => [
      'gpg',
      'verify',
      '--keyring',
      keyPath,
      '--registries-d',
      registriesD,
      ref,
    ];
    const inProcess = await measureLoop(
      async (i) => {
        const code = await main(verifyArgs(refs[i % IMAGES]!), {
          console: captureConsole(),
          env: {},
        });
        if (code !== 0) throw new Error(`signet gpg verify failed with ${code}`);
      },
      { count: IMAGES, warmup: 2 },
    );
    // The installed command (compiled dist/, built by `npm run bench`), as pipelines run it.
    const asProcess = await measureLoop(
      (i) => run(process.execPath, ['bin/signet.js', ...verifyArgs(refs[i % IMAGES]!)]),
      { count: IMAGES, warmup: 1 },
    );
    let out = 0;
    const skopeo = await measureLoop(
      async (i) => {
        const destination = join(dir, `out-${out++}`);
        await run('skopeo', [
          'copy',
          '--quiet',
          '--policy',
          policyPath,
          '--registries.d',
          registriesD,
          '--src-tls-verify=false',
          `docker://${refs[i % IMAGES]!}`,
          `dir:${destination}`,
        ]);
        await rm(destination, { recursive: true, force: true });
      },
      { count: IMAGES, warmup: 1 },
    );
    return [
      {
        name: 'signet gpg verify per image, in-process CLI',
        unit: 'images/s',
        subject: inProcess,
        ceiling: skopeo,
        ceilingName: 'skopeo copy --policy (signedBy) to dir:, per image',
        notes:
          'both read the manifest and the file:// lookaside and verify one signature; skopeo also copies the blobs',
      },
      {
        name: 'signet gpg verify per image, as a process',
        unit: 'images/s',
        subject: asProcess,
        ceiling: skopeo,
        ceilingName: 'skopeo copy --policy (signedBy) to dir:, per image',
        notes: 'node bin/signet.js, start to exit, one image per process',
      },
    ];
  } finally {
    await client.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
