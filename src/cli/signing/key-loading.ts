/**
 * What `--key REF` means to the signing commands: a file, `env://VAR` or `k8s://NS/NAME`
 * (the Secret `generate-key-pair` creates). Private keys are decrypted with the password
 * from the environment, the terminal, or (k8s://) the Secret's `cosign.password`.
 */
import { readFile } from 'node:fs/promises';
import { parsePublicKey, type PrivateKey, type PublicKey } from '../../core/keys/index.js';
import {
  isEncryptedKey,
  loadKeyReference,
  privateKeyFromMaterial,
  type KeyMaterial,
} from '../../signing/keys/index.js';
import {
  defaultKubernetesSecretStore,
  isKubernetesReference,
  keyPairFromSecret,
  parseKubernetesReference,
  requireSecretField,
} from '../../signing/keys/kubernetes-secret.js';
import { obtainPassword } from './password.js';

export async function loadPrivateKey(ref: string, env: NodeJS.ProcessEnv): Promise<PrivateKey> {
  if (isKubernetesReference(ref)) {
    const { material, password } = await fromSecret(ref, 'cosign.key');
    return privateKeyFromMaterial(material, password ?? (await obtainPassword(env, { what: ref })));
  }
  return privateKeyFrom(await loadKeyReference(ref, { env, readFile }), ref, env);
}

/** A public key; a private key reference gives its public half (as `cosign public-key` does). */
export async function loadPublicKey(ref: string, env: NodeJS.ProcessEnv): Promise<PublicKey> {
  if (isKubernetesReference(ref)) {
    const { material } = await fromSecret(ref, 'cosign.pub');
    return parsePublicKey(material.text, material.source);
  }
  const material = await loadKeyReference(ref, { env, readFile });
  if (material.text.includes('-----BEGIN PUBLIC KEY-----'))
    return parsePublicKey(material.text, material.source);
  // A private key: its public half, from the material already read (no second read).
  return (await privateKeyFrom(material, ref, env)).publicKey;
}

/** A private key from material read through a file or env:// reference; asks for a password only when encrypted. */
async function privateKeyFrom(
  material: KeyMaterial,
  ref: string,
  env: NodeJS.ProcessEnv,
): Promise<PrivateKey> {
  const password = isEncryptedKey(material.text) ? await obtainPassword(env, { what: ref }) : '';
  return privateKeyFromMaterial(material, password);
}

async function fromSecret(
  ref: string,
  key: 'cosign.key' | 'cosign.pub',
): Promise<{ material: KeyMaterial; password?: string }> {
  const location = parseKubernetesReference(ref);
  const store = await defaultKubernetesSecretStore();
  const pair = keyPairFromSecret(location, await store.read(location));
  const text = requireSecretField(
    location,
    pair,
    key === 'cosign.key' ? 'privateKeyPem' : 'publicKeyPem',
  );
  const source = `${key} of Secret ${location.namespace}/${location.name}`;
  return {
    material: { text, source },
    ...(pair.password === undefined ? {} : { password: pair.password }),
  };
}
