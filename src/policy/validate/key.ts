/**
 * `authorities[].key`: exactly one of data (PEM), secretRef and kms; an optional
 * hashAlgorithm. Inline keys are parsed here, once, so an unusable key is a validation
 * problem at its line rather than a failure at admission time.
 */
import { describeError } from '../../core/errors.js';
import { parsePublicKey } from '../../core/keys/index.js';
import type { FieldPath } from '../problems.js';
import { POLICY_HASHES, type KeySpec, type PolicyHash } from '../types.js';
import { checkFields, readObject, readString, type ValidationContext } from './context.js';

export interface ValidatedKey {
  readonly key: KeySpec;
  readonly hashAlgorithm?: PolicyHash;
}

export function validateKey(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): ValidatedKey | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['data', 'secretRef', 'kms', 'hashAlgorithm']);
  const hashText = readString(ctx, body, 'hashAlgorithm', path);
  const hashAlgorithm = POLICY_HASHES.find((h) => h === hashText);
  if (hashText !== undefined && hashAlgorithm === undefined) {
    ctx.error(
      [...path, 'hashAlgorithm'],
      `"${hashText}" is not supported; use one of ${POLICY_HASHES.join(', ')}`,
    );
  }
  const given = (['data', 'secretRef', 'kms'] as const).filter(
    (k) => body[k] !== undefined && body[k] !== '',
  );
  if (given.length !== 1) {
    return ctx.error(
      path,
      given.length === 0
        ? 'needs exactly one of data, secretRef or kms'
        : `has ${given.join(' and ')}; give exactly one`,
    );
  }
  const withHash = (key: KeySpec): ValidatedKey | undefined =>
    hashText !== undefined && hashAlgorithm === undefined
      ? undefined
      : { key, ...(hashAlgorithm === undefined ? {} : { hashAlgorithm }) };

  switch (given[0]!) {
    case 'kms':
      readString(ctx, body, 'kms', path);
      return ctx.error(
        [...path, 'kms'],
        'is not supported by Signet: KMS keys cannot be fetched yet; put the public key in data (cosign public-key --key <kms-uri> prints it) or in a secret named by secretRef',
      );
    case 'data': {
      const pem = readString(ctx, body, 'data', path);
      if (pem === undefined) return undefined;
      try {
        return withHash({ kind: 'inline', key: parsePublicKey(pem, 'the key') });
      } catch (error) {
        return ctx.error([...path, 'data'], `is not a usable public key: ${describeError(error)}`);
      }
    }
    case 'secretRef': {
      const refPath = [...path, 'secretRef'];
      const ref = readObject(ctx, body.secretRef, refPath);
      if (ref === undefined) return undefined;
      checkFields(ctx, ref, refPath, ['name', 'namespace']);
      readString(ctx, ref, 'namespace', refPath);
      const name = readString(ctx, ref, 'name', refPath, true);
      return name === undefined ? undefined : withHash({ kind: 'secret', secretName: name });
    }
  }
}
