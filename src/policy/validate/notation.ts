/**
 * Validates `authorities[].notation`: the trust policy statement through the Notary
 * Project validator (so a Notation authority accepts exactly what notation's trust policy
 * accepts), every trust store it names given inline as PEM certificates, and PEM CRLs that
 * parse. Problems carry the authority's field paths.
 */
import { X509Certificate } from 'node:crypto';
import { parsePemBlocks } from '../../core/pem.js';
import { parseCrl } from '../../signing/notation/crl.js';
import { validateTrustPolicy } from '../../signing/notation/trust-policy.js';
import type { FieldPath } from '../problems.js';
import type { AuthoritySpec } from '../types.js';
import {
  checkFields,
  isObject,
  readObject,
  type JsonObject,
  type ValidationContext,
} from './context.js';

const FIELDS = [
  'signatureVerification',
  'trustStores',
  'trustedIdentities',
  'certificates',
  'crls',
];

function strings(ctx: ValidationContext, value: unknown, path: FieldPath): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return ctx.error(path, 'must be a list of strings');
  return value as string[];
}

export function validateNotationAuthority(
  ctx: ValidationContext,
  entry: JsonObject,
  path: FieldPath,
  name: string,
): AuthoritySpec | undefined {
  for (const field of [
    'key',
    'keyless',
    'static',
    'source',
    'attestations',
    'signatureFormat',
    'ctlog',
    'rfc3161timestamp',
  ]) {
    if (entry[field] !== undefined)
      ctx.error(
        [...path, field],
        "cannot be combined with notation (Notary signatures are read from the image's referrers)",
      );
  }
  const notationPath = [...path, 'notation'];
  const body = readObject(ctx, entry.notation, notationPath);
  if (body === undefined) return undefined;
  checkFields(ctx, body, notationPath, FIELDS);
  const verification = isObject(body.signatureVerification) ? body.signatureVerification : {};
  const trustStores = strings(ctx, body.trustStores, [...notationPath, 'trustStores']);
  const trustedIdentities = strings(ctx, body.trustedIdentities, [
    ...notationPath,
    'trustedIdentities',
  ]);
  const crls = strings(ctx, body.crls, [...notationPath, 'crls']);
  if (trustStores === undefined || trustedIdentities === undefined || crls === undefined)
    return undefined;
  try {
    validateTrustPolicy(
      {
        version: '1.0',
        trustPolicies: [
          {
            name,
            registryScopes: ['*'],
            signatureVerification: body.signatureVerification,
            trustStores,
            trustedIdentities,
          },
        ],
      },
      'notation',
    );
  } catch (error) {
    const problems = (error as { details?: { problems?: string[] } }).details?.problems ?? [
      (error as Error).message,
    ];
    for (const problem of problems)
      ctx.error(notationPath, problem.replace(/^trustPolicies\[0\]\.?/, ''));
    return undefined;
  }
  const certificates = readCertificates(
    ctx,
    body.certificates,
    [...notationPath, 'certificates'],
    trustStores,
  );
  crls.forEach((pem, i) => {
    try {
      parseCrl(pem, `crls[${i}]`);
    } catch (error) {
      ctx.error([...notationPath, 'crls', i], (error as Error).message);
    }
  });
  if (certificates === undefined) return undefined;
  const override = isObject(verification.override)
    ? (verification.override as Record<string, string>)
    : {};
  return {
    kind: 'notation',
    name,
    notation: {
      level: String(verification.level),
      override,
      trustStores,
      trustedIdentities,
      certificates,
      crls,
    },
  };
}

function readCertificates(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  stores: readonly string[],
): Record<string, string> | undefined {
  const body = value === undefined ? {} : readObject(ctx, value, path);
  if (body === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const store of stores) {
    if (body[store] === undefined)
      ctx.error(path, `has no certificates for trust store ${store}, which trustStores names`);
  }
  for (const [store, pem] of Object.entries(body)) {
    if (!stores.includes(store)) {
      ctx.error([...path, store], 'is not named in trustStores');
      continue;
    }
    if (typeof pem !== 'string') {
      ctx.error([...path, store], 'must be PEM certificates');
      continue;
    }
    try {
      const blocks = parsePemBlocks(pem, store).filter((b) => b.type === 'CERTIFICATE');
      if (blocks.length === 0) throw new Error('holds no PEM CERTIFICATE block');
      for (const block of blocks) new X509Certificate(block.der);
      out[store] = pem;
    } catch (error) {
      ctx.error([...path, store], `is not PEM certificates: ${(error as Error).message}`);
    }
  }
  return out;
}
