/**
 * What `--key REF` means to the signing commands: a file, `env://VAR` or `k8s://NS/NAME`
 * (the Secret `generate-key-pair` creates). Private keys are decrypted with the password
 * from the environment, the terminal, or (k8s://) the Secret's `cosign.password`.
 * Key files are read like every file named on the command line, so a missing one is
 * CLI_FILE_UNREADABLE (exit 3) as for a GPG key; k8s:// goes through the same kubeconfig
 * checks as other Kubernetes commands, so a missing configuration is exit 3 too.
 */
import { parsePublicKey, type PrivateKey, type PublicKey } from '../../core/keys/index.js';
import {
  isEncryptedKey,
  loadKeyReference,
  MAX_KEY_FILE_BYTES,
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
import { withKubeconfig } from '../kubeconfig.js';
import { readCliFileBytes } from '../read-text-file.js';
import { obtainPassword } from './password.js';

const readFile = (path: string) =>
  readCliFileBytes(path, { what: 'key file', maxBytes: MAX_KEY_FILE_BYTES });

export async function loadPrivateKey(ref: string, env: NodeJS.ProcessEnv): Promise<PrivateKey> {
  if (isKubernetesReference(ref)) {
    const { material, password } = await fromSecret(ref, 'cosign.key', env);
    return privateKeyFromMaterial(material, password ?? (await obtainPassword(env, { what: ref })));
  }
  return privateKeyFrom(await loadKeyReference(ref, { env, readFile }), ref, env);
}

/** A public key; a private key reference gives its public half (as `cosign public-key` does). */
export async function loadPublicKey(ref: string, env: NodeJS.ProcessEnv): Promise<PublicKey> {
  if (isKubernetesReference(ref)) {
    const { material } = await fromSecret(ref, 'cosign.pub', env);
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
  env: NodeJS.ProcessEnv,
): Promise<{ material: KeyMaterial; password?: string }> {
  const location = parseKubernetesReference(ref);
  const store = await withKubeconfig(env, (options) => defaultKubernetesSecretStore(options));
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
