/**
 * What `signet gpg sign|verify` do, also run by `signet sign --gpg-key` and
 * `signet verify --gpg-keyring`.
 */
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { exitCodeFor } from '../exit-codes.js';
import { printJson } from '../output.js';
import { readTextFile } from '../read-text-file.js';
import { registryClientFrom } from '../registry-client.js';
import type { GpgSignFlags, GpgVerifyFlags } from './gpg-options.js';
import { gpgSignImages, type LookasideUpload } from './gpg-sign-images.js';
import { gpgVerifyImages } from './gpg-verify-images.js';
import { readSecretLine } from './files.js';

/** Signs `images` with an OpenPGP key into their lookaside store; `signet sign --gpg-key` uses it too. */
export async function runGpgSign(
  context: CliContext,
  images: string[],
  flags: GpgSignFlags,
): Promise<void> {
  context.format = flags.output;
  if ((flags.upload === undefined) !== (flags.uploadTokenFile === undefined)) {
    throw cliError('CLI_USAGE', '--upload and --upload-token-file go together');
  }
  if (flags.upload !== undefined) checkUploadUrl(flags.upload);
  else if (flags.allowInsecureToken === true) {
    throw cliError('CLI_USAGE', '--allow-insecure-token applies only to --upload');
  }
  const lookasideUpload =
    flags.upload === undefined ? undefined : await lookasideUploadFrom(flags.upload, flags);
  const client = await registryClientFrom(flags, context.env, undefined, context);
  try {
    const results = await gpgSignImages({
      images,
      gpgKeyFile: flags.gpgKey,
      ...(flags.gpgPassphraseFile === undefined ? {} : { passphraseFile: flags.gpgPassphraseFile }),
      ...(flags.fingerprint === undefined ? {} : { fingerprint: flags.fingerprint }),
      ...(flags.registriesD === undefined ? {} : { registriesDir: flags.registriesD }),
      ...(flags.lookaside === undefined ? {} : { lookaside: flags.lookaside }),
      ...(lookasideUpload === undefined ? {} : { lookasideUpload }),
      client,
    });
    if (flags.output === 'json') printJson(context.console, results);
    else {
      for (const r of results) {
        context.console.out(
          `signed ${r.identity} (${r.digest}) with key ${r.signerFingerprint}: signature-${r.stored.index} at ${r.stored.url}`,
        );
      }
    }
  } finally {
    await client.close();
  }
}

/**
 * The signature server to upload to, its token, and how far to trust the way there: the
 * registry options' `--ca-file` CAs also verify an https:// server (one private CA often
 * signs both), and `--allow-insecure-token` lets the token cross a network in clear.
 */
async function lookasideUploadFrom(url: string, flags: GpgSignFlags): Promise<LookasideUpload> {
  const caCertificates = await Promise.all(
    (flags.caFile ?? []).map((file) => readTextFile(file, { what: '--ca-file' })),
  );
  return {
    url,
    token: await readSecretLine(flags.uploadTokenFile!, 'upload token file'),
    ...(caCertificates.length === 0 ? {} : { caCertificates }),
    ...(flags.allowInsecureToken === true ? { allowInsecureToken: true } : {}),
  };
}

/** `--upload` names a signature server (`signet serve lookaside`): an http(s) URL. */
function checkUploadUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw cliError(
      'CLI_USAGE',
      `--upload must be the http(s) URL of a signature server, got "${value}"`,
    );
  }
}

/** Verifies the GPG simple signatures of `images`; `signet verify --gpg-keyring` uses it too. */
export async function runGpgVerify(
  context: CliContext,
  images: string[],
  flags: GpgVerifyFlags,
): Promise<void> {
  context.format = flags.output;
  const client = await registryClientFrom(flags, context.env, undefined, context);
  try {
    const results = await gpgVerifyImages({
      images,
      keyringFiles: flags.keyring,
      ...(flags.registriesD === undefined ? {} : { registriesDir: flags.registriesD }),
      ...(flags.lookaside === undefined ? {} : { lookaside: flags.lookaside }),
      client,
    });
    if (flags.output === 'json') {
      printJson(
        context.console,
        results.map((r) => ({
          image: r.image,
          digest: r.digest,
          verified: r.verified,
          signatures: r.outcomes.map((o) =>
            o.kind === 'accepted'
              ? {
                  source: o.source,
                  status: 'accepted',
                  signer: o.signature.signerFingerprint,
                  identity: o.signature.payload.dockerReference,
                }
              : o.kind === 'rejected'
                ? {
                    source: o.source,
                    status: 'rejected',
                    code: o.error.code,
                    reason: o.error.message,
                  }
                : { source: o.source, status: 'skipped', reason: o.reason },
          ),
          ...(r.error === undefined ? {} : { error: r.error.toJSON() }),
        })),
      );
    }
    for (const r of results) {
      if (flags.output === 'text') {
        const accepted = r.outcomes.find((o) => o.kind === 'accepted');
        if (accepted?.kind === 'accepted') {
          context.console.out(
            `verified ${r.image} (${r.digest}): ${accepted.source} by key ${accepted.signature.signerFingerprint}`,
          );
        } else context.console.err(`error [${r.error!.code}]: ${r.error!.message}`);
      }
      if (r.error !== undefined)
        context.exitCode = Math.max(context.exitCode, exitCodeFor(r.error));
    }
  } finally {
    await client.close();
  }
}
