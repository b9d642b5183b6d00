/**
 * Key references as cosign's `--key` flag takes them: a file path or `env://VAR` (the key
 * PEM held in an environment variable). Readers are injected so the resolution logic is
 * testable without touching the real file system or environment.
 */
import { describeError, errorFactory, isSignetError } from '../../core/errors.js';
import { SIGNING_KEY_ERRORS } from './errors.js';

const fail = errorFactory(SIGNING_KEY_ERRORS);

/** Key files are a few KiB; refuse anything larger than this before parsing it. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

export interface KeyReferenceReaders {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<Uint8Array | string>;
}

export interface KeyMaterial {
  /** The PEM text; may be a secret (private key). */
  readonly text: string;
  /** Names where it came from in messages: `key file ./cosign.key`, `environment variable COSIGN_KEY`. */
  readonly source: string;
}

/** Schemes cosign knows that Signet does not serve yet; named so the error can say so. */
const LATER_SCHEMES: Record<string, string> = {
  'k8s://': 'Kubernetes secrets (k8s://)',
  'awskms://': 'AWS KMS',
  'gcpkms://': 'Google Cloud KMS',
  'azurekms://': 'Azure Key Vault',
  'hashivault://': 'HashiCorp Vault',
  'pkcs11:': 'PKCS#11 tokens',
  'github://': 'GitHub secrets',
  'gitlab://': 'GitLab variables',
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function loadKeyReference(
  ref: string,
  readers: KeyReferenceReaders,
): Promise<KeyMaterial> {
  if (ref.trim() === '')
    throw fail(
      'KEY_REFERENCE_INVALID',
      'the key reference is empty; pass a key file path or env://VAR',
    );
  if (ref.startsWith('env://')) return fromEnvironment(ref.slice('env://'.length), readers.env);
  for (const [prefix, name] of Object.entries(LATER_SCHEMES)) {
    if (ref.startsWith(prefix)) {
      throw fail(
        'KEY_REFERENCE_UNSUPPORTED',
        `key reference "${ref}": ${name} are not supported yet; export the key to a file or env://VAR`,
      );
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(ref);
  if (scheme !== null) {
    throw fail(
      'KEY_REFERENCE_UNSUPPORTED',
      `key reference "${ref}": scheme ${scheme[1]}:// is not supported; use a file path or env://VAR`,
    );
  }
  return fromFile(ref, readers.readFile);
}

function fromEnvironment(name: string, env: KeyReferenceReaders['env']): KeyMaterial {
  if (!ENV_NAME.test(name)) {
    throw fail(
      'KEY_REFERENCE_INVALID',
      `env://${name} does not name an environment variable (letters, digits and _)`,
    );
  }
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw fail(
      'KEY_REFERENCE_INVALID',
      `environment variable ${name} named by env://${name} is not set or empty`,
    );
  }
  return checkSize(value, `environment variable ${name}`);
}

async function fromFile(
  path: string,
  readFile: KeyReferenceReaders['readFile'],
): Promise<KeyMaterial> {
  const source = `key file ${path}`;
  let content: Uint8Array | string;
  try {
    content = await readFile(path);
  } catch (error) {
    // A reader that already reports in Signet's terms (the CLI's file reader) knows best.
    if (isSignetError(error)) throw error;
    throw fail('KEY_REFERENCE_INVALID', `cannot read ${source}: ${describeError(error)}`, {
      cause: error,
    });
  }
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  return checkSize(text, source);
}

function checkSize(text: string, source: string): KeyMaterial {
  if (text.length > MAX_KEY_FILE_BYTES) {
    throw fail(
      'KEY_REFERENCE_INVALID',
      `${source} holds ${text.length} bytes; a key is at most ${MAX_KEY_FILE_BYTES}`,
    );
  }
  return { text, source };
}
