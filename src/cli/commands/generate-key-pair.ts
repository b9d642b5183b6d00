/**
 * `signet generate-key-pair [k8s://NS/NAME]`: a new key pair in cosign's formats
 * (anchors B4): `<prefix>.key` encrypted (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt N=65536)
 * and `<prefix>.pub`, or a Kubernetes Secret holding both plus the password.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { KEY_KINDS, exportPkcs8, generateKeyPair, type KeyKind } from '../../core/keys/index.js';
import { encryptPrivateKey } from '../../signing/keys/index.js';
import {
  defaultKubernetesSecretStore,
  keyPairSecret,
  parseKubernetesReference,
} from '../../signing/keys/kubernetes-secret.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { withKubeconfig } from '../kubeconfig.js';
import type { OutputOptions } from '../options.js';
import { addOutputOption } from '../options.js';
import { printJson } from '../output.js';
import { signingCliError } from '../signing/errors.js';
import { obtainPassword } from '../signing/password.js';

interface GenerateOptions extends OutputOptions {
  outputKeyPrefix: string;
  keyType: string;
  force?: boolean;
  dryRun?: boolean;
  allowEmptyPassword?: boolean;
}

export function registerGenerateKeyPairCommand(program: Command, context: CliContext): void {
  addOutputOption(
    program
      .command('generate-key-pair')
      .description(
        'generate a cosign-compatible key pair (cosign.key encrypted, cosign.pub), or a Kubernetes Secret',
      )
      .argument(
        '[k8s-ref]',
        'k8s://NAMESPACE/NAME: store the pair in this Secret (and write cosign.pub locally)',
      )
      .option('--output-key-prefix <prefix>', 'file name prefix of the key files', 'cosign')
      .option('--key-type <type>', `key algorithm: ${KEY_KINDS.join(', ')}`, 'ecdsa-p256')
      .option('--force', 'overwrite existing key files')
      .option('--allow-empty-password', 'accept an empty password typed on the terminal')
      .option(
        '--dry-run',
        'print the Secret manifest (YAML, includes the encrypted key and password) instead of creating it',
      ),
  ).action(async (k8sRef: string | undefined, options: GenerateOptions) => {
    context.format = options.output;
    if (!(KEY_KINDS as readonly string[]).includes(options.keyType)) {
      throw cliError(
        'CLI_USAGE',
        `--key-type must be one of ${KEY_KINDS.join(', ')}, got "${options.keyType}"`,
      );
    }
    const location = k8sRef === undefined ? undefined : parseKubernetesReference(k8sRef);
    const privatePath = `${options.outputKeyPrefix}.key`;
    const publicPath = `${options.outputKeyPrefix}.pub`;
    // Checked before asking for a password or creating a Secret, so nothing is half done.
    const paths = location === undefined ? [privatePath, publicPath] : [publicPath];
    const existing = paths.find((p) => existsSync(p));
    if (options.force !== true && options.dryRun !== true && existing !== undefined)
      throw keyFileExists(existing);
    // The Kubernetes configuration too: a missing one is exit 3 before any password prompt.
    const store =
      location === undefined || options.dryRun === true
        ? undefined
        : await withKubeconfig(context.env, (o) => defaultKubernetesSecretStore(o));
    const password = await obtainPassword(context.env, {
      what: location === undefined ? privatePath : (k8sRef as string),
      confirm: true,
      allowEmpty: options.allowEmptyPassword === true,
    });
    const key = await generateKeyPair(options.keyType as KeyKind);
    const privateKeyPem = await encryptPrivateKey(exportPkcs8(key), password);
    const publicKeyPem = key.publicKey.pem;

    if (location !== undefined) {
      const secret = keyPairSecret(location, { privateKeyPem, publicKeyPem, password });
      if (store === undefined) {
        context.console.out(stringify(secret));
        return;
      }
      await store.create(location, secret);
      await writeKeyFile(publicPath, publicKeyPem, options.force === true, 0o644);
      report(context, options, {
        secret: `${location.namespace}/${location.name}`,
        publicKey: publicPath,
        keyId: key.publicKey.keyId,
      });
      return;
    }
    if (options.dryRun === true) {
      context.console.err(`dry run: would write ${privatePath} and ${publicPath}`);
      context.console.out(publicKeyPem);
      return;
    }
    await writeKeyFile(privatePath, privateKeyPem, options.force === true, 0o600);
    await writeKeyFile(publicPath, publicKeyPem, options.force === true, 0o644);
    report(context, options, {
      privateKey: privatePath,
      publicKey: publicPath,
      keyId: key.publicKey.keyId,
    });
  });
}

function report(
  context: CliContext,
  options: GenerateOptions,
  written: Record<string, string>,
): void {
  if (options.output === 'json') {
    printJson(context.console, written);
    return;
  }
  if (written.secret !== undefined) context.console.err(`Secret ${written.secret} created`);
  if (written.privateKey !== undefined)
    context.console.err(`Private key written to ${written.privateKey}`);
  context.console.err(`Public key written to ${written.publicKey}`);
}

/** `wx` refuses to replace an existing file atomically: no check-then-write race. */
async function writeKeyFile(
  path: string,
  text: string,
  force: boolean,
  mode: number,
): Promise<void> {
  try {
    await writeFile(path, text, { flag: force ? 'w' : 'wx', mode });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') throw keyFileExists(path);
    throw cliError('CLI_FILE_UNREADABLE', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function keyFileExists(path: string) {
  return signingCliError(
    'KEY_FILE_EXISTS',
    `${path} already exists; pass --force to overwrite it or choose another --output-key-prefix`,
  );
}
