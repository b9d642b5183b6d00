/**
 * `keyless.ca-cert`: the CA certificates keyless signatures chain to, instead of Fulcio's
 * URL. policy-controller reads it as a KeyRef (data, secretRef or kms, and hashAlgorithm);
 * Signet requires `data` to hold PEM certificates that parse, and refuses `kms` as it
 * refuses KMS keys.
 */
import { X509Certificate } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { parsePemBlocks } from '../../core/pem.js';
import type { CaCertSpec } from '../keyless-types.js';
import type { FieldPath } from '../problems.js';
import { POLICY_HASHES } from '../types.js';
import {
  checkFields,
  readObject,
  readString,
  type JsonObject,
  type ValidationContext,
} from './context.js';

/** The CaCertSpec; undefined when absent; null when invalid (reported). */
export function validateCaCert(
  ctx: ValidationContext,
  keyless: JsonObject,
  keylessPath: FieldPath,
): CaCertSpec | null {
  const path = [...keylessPath, 'ca-cert'];
  const body = readObject(ctx, keyless['ca-cert'], path);
  if (body === undefined) return null;
  checkFields(ctx, body, path, ['data', 'secretRef', 'kms', 'hashAlgorithm']);
  const hash = readString(ctx, body, 'hashAlgorithm', path);
  if (hash !== undefined && !(POLICY_HASHES as readonly string[]).includes(hash)) {
    ctx.error(
      [...path, 'hashAlgorithm'],
      `"${hash}" is not supported; use one of ${POLICY_HASHES.join(', ')}`,
    );
  }
  const given = (['data', 'secretRef', 'kms'] as const).filter(
    (k) => body[k] !== undefined && body[k] !== '',
  );
  if (given.length !== 1) {
    ctx.error(
      path,
      given.length === 0
        ? 'needs exactly one of data, secretRef or kms'
        : `has ${given.join(' and ')}; give exactly one`,
    );
    return null;
  }
  switch (given[0]!) {
    case 'kms':
      ctx.error(
        [...path, 'kms'],
        'is not supported by Signet: KMS cannot hold CA certificates for Signet to fetch; put the PEM certificates in data or in a secret named by secretRef',
      );
      return null;
    case 'data': {
      const pem = readString(ctx, body, 'data', path);
      if (pem === undefined) return null;
      const problem = certificateProblem(pem);
      if (problem === undefined) return { kind: 'inline', pem };
      ctx.error([...path, 'data'], problem);
      return null;
    }
    case 'secretRef': {
      const refPath = [...path, 'secretRef'];
      const ref = readObject(ctx, body.secretRef, refPath);
      if (ref === undefined) return null;
      checkFields(ctx, ref, refPath, ['name', 'namespace']);
      readString(ctx, ref, 'namespace', refPath);
      const name = readString(ctx, ref, 'name', refPath, true);
      return name === undefined ? null : { kind: 'secret', secretName: name };
    }
  }
}

/** Undefined when `pem` holds only X.509 certificates that parse, else why not. */
function certificateProblem(pem: string): string | undefined {
  try {
    const blocks = parsePemBlocks(pem, 'the CA certificates');
    const other = blocks.find((b) => b.type !== 'CERTIFICATE');
    if (other !== undefined)
      return `holds a ${other.type} block; give the CA's PEM CERTIFICATE chain`;
    for (const block of blocks) new X509Certificate(block.der);
    return undefined;
  } catch (error) {
    return `is not a PEM certificate chain: ${describeError(error)}`;
  }
}
