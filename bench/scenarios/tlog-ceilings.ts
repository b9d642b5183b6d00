/**
 * Ceilings the transparency-log figures are compared with, measured in the same run
 * (reference section 5.5 lists the values seen on the development machine):
 * - ECDSA P-256 verify from a digest in pure JS (@noble/curves, what hashedrekord needs);
 * - ECDSA P-256 verify over data with node:crypto (what dsse entries need);
 * - SHA-256 of 64-byte inputs (a Merkle node minus its prefix byte);
 * - write + fsync of 4 KiB on a temp file (what every durable commit pays).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { p256 } from '@noble/curves/nist.js';
import { round, type LoopStats } from '../harness.js';

export interface Ceilings {
  readonly digestVerifyPureJs: LoopStats;
  readonly verifyNodeCrypto: LoopStats;
  readonly sha256Node64: LoopStats;
  readonly fsync: LoopStats;
}

/** Runs `fn` `count` times in batches of `batch` and reports per-call figures. */
function measureSync(fn: () => void, count: number, batch: number): LoopStats {
  for (let i = 0; i < Math.min(count, 50); i++) fn();
  const perCall: number[] = [];
  const started = performance.now();
  for (let done = 0; done < count; done += batch) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perCall.push((performance.now() - t0) / batch);
  }
  const seconds = (performance.now() - started) / 1000;
  perCall.sort((a, b) => a - b);
  const at = (p: number) =>
    perCall[Math.min(perCall.length - 1, Math.ceil(p * perCall.length) - 1)]!;
  return {
    operations: count,
    concurrency: 1,
    seconds: round(seconds, 3),
    perSecond: round(count / seconds, 1),
    p50Ms: round(at(0.5), 4),
    p99Ms: round(at(0.99), 4),
  };
}

export async function measureCeilings(): Promise<Ceilings> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const message = randomBytes(256);
  const signature = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
  const digest = createHash('sha256').update(message).digest();
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x!, 'base64url'),
    Buffer.from(jwk.y!, 'base64url'),
  ]);
  const compact = p256.Signature.fromBytes(signature, 'der').toBytes('compact');
  const check = (ok: boolean) => {
    if (!ok) throw new Error('ceiling: signature did not verify');
  };
  const digestVerifyPureJs = measureSync(
    () => check(p256.verify(compact, digest, point, { prehash: false, lowS: false })),
    400,
    20,
  );
  const verifyNodeCrypto = measureSync(
    () => check(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)),
    5000,
    100,
  );
  const node = randomBytes(64);
  const sha256Node64 = measureSync(() => createHash('sha256').update(node).digest(), 200_000, 1000);
  return { digestVerifyPureJs, verifyNodeCrypto, sha256Node64, fsync: await measureFsync(300) };
}

async function measureFsync(count: number): Promise<LoopStats> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-bench-fsync-'));
  const file = await open(join(dir, 'fsync.bin'), 'w');
  const block = randomBytes(4096);
  const times: number[] = [];
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await file.write(block, 0, block.length, (i % 64) * 4096);
      await file.sync();
      times.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return {
      operations: count,
      concurrency: 1,
      seconds: round(seconds, 3),
      perSecond: round(count / seconds, 1),
      p50Ms: round(times[Math.floor(count / 2)]!, 3),
      p99Ms: round(times[Math.ceil(count * 0.99) - 1]!, 3),
    };
  } finally {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  }
}
