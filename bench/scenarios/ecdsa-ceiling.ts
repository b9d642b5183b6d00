/**
 * The crypto ceiling of a signature verification: node:crypto verifying one P-256 ECDSA
 * signature over a payload the size of a cosign simple-signing payload, in a loop. The
 * verify and check scenarios report their rates next to it.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { measureLoop, type LoopStats } from '../harness.js';

export function rawEcdsaCeiling(): Promise<LoopStats> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const payload = Buffer.alloc(230, 1);
  const signature = sign('sha256', payload, privateKey);
  return measureLoop(
    () => {
      if (!verify('sha256', payload, publicKey, signature))
        throw new Error('ceiling verify failed');
      return Promise.resolve();
    },
    { count: 2000 },
  );
}
