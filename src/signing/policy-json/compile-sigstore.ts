/**
 * A sigstoreSigned requirement's trust material, loaded once (containers/image
 * policy_eval_sigstore.go prepareTrustRoot). Failures here do not make the policy invalid:
 * as in containers/image, the requirement then rejects every image, saying why.
 * Rekor keys must be ECDSA: a SET is checked with ecdsa.VerifyASN1 over SHA-256.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import {
  readCertificateList,
  readCertificatePool,
  readSigstorePublicKey,
  type SigstorePublicKey,
} from './pem-material.js';
import type { KeySource, Requirement } from './types.js';

export type CompiledSigstoreTrust =
  | {
      readonly kind: 'keys';
      readonly keys: readonly SigstorePublicKey[];
      readonly rekorKeys?: readonly KeyObject[];
    }
  | {
      readonly kind: 'fulcio';
      readonly roots: readonly X509Certificate[];
      readonly oidcIssuer: string;
      readonly subjectEmail: string;
      readonly rekorKeys: readonly KeyObject[];
    }
  | {
      readonly kind: 'pki';
      readonly roots: readonly X509Certificate[];
      /** Trusted intermediates from the policy (caIntermediates…). */
      readonly intermediates: readonly X509Certificate[];
      readonly subjectEmail?: string;
      readonly subjectHostname?: string;
    };

type Read = (path: string) => Promise<Uint8Array>;
type Sigstore = Extract<Requirement, { type: 'sigstoreSigned' }>;

export async function compileSigstoreTrust(
  requirement: Sigstore,
  read: Read,
): Promise<CompiledSigstoreTrust> {
  const rekorKeys =
    requirement.rekorKeys === undefined
      ? undefined
      : (await texts(requirement.rekorKeys, read, 'Rekor public key')).map(({ name, text }) => {
          const key = readSigstorePublicKey(text, name);
          if (key.keyObject.asymmetricKeyType !== 'ec')
            throw new Error(`${name} is not an ECDSA key; Rekor SETs are ECDSA signatures`);
          return key.keyObject;
        });
  const { trust } = requirement;
  switch (trust.kind) {
    case 'keys': {
      const keys = (await texts(trust.keys, read, 'public key')).map(({ name, text }) =>
        readSigstorePublicKey(text, name),
      );
      return rekorKeys === undefined ? { kind: 'keys', keys } : { kind: 'keys', keys, rekorKeys };
    }
    case 'fulcio': {
      const [ca] = await texts(trust.ca, read, 'fulcio CA');
      if (rekorKeys === undefined) throw new Error('fulcio is given without Rekor public keys');
      return {
        kind: 'fulcio',
        roots: readCertificatePool(ca!.text, ca!.name),
        oidcIssuer: trust.oidcIssuer,
        subjectEmail: trust.subjectEmail,
        rekorKeys,
      };
    }
    case 'pki': {
      const [roots] = await texts(trust.caRoots, read, 'pki CA roots');
      const [intermediates] =
        trust.caIntermediates === undefined
          ? []
          : await texts(trust.caIntermediates, read, 'pki CA intermediates');
      return {
        kind: 'pki',
        roots: readCertificatePool(roots!.text, roots!.name),
        intermediates:
          intermediates === undefined
            ? []
            : readCertificateList(intermediates.text, intermediates.name),
        ...(trust.subjectEmail === undefined ? {} : { subjectEmail: trust.subjectEmail }),
        ...(trust.subjectHostname === undefined ? {} : { subjectHostname: trust.subjectHostname }),
      };
    }
  }
}

async function texts(
  source: KeySource,
  read: Read,
  noun: string,
): Promise<{ name: string; text: string }[]> {
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  switch (source.kind) {
    case 'path':
      return [{ name: `${noun} ${source.path}`, text: decode(await read(source.path)) }];
    case 'paths':
      return Promise.all(
        source.paths.map(async (path) => ({
          name: `${noun} ${path}`,
          text: decode(await read(path)),
        })),
      );
    case 'data':
      return source.data.map((data, i) => ({
        name: source.data.length === 1 ? `${noun} data` : `${noun} data ${i + 1}`,
        text: decode(data),
      }));
  }
}
