/**
 * The options of GPG simple signing, shared by `signet gpg sign|verify` and by
 * `signet sign --gpg-key` / `signet verify --gpg-keyring`. Kept apart from the signing
 * code so that declaring the options loads no OpenPGP code.
 */
import type { Command } from 'commander';
import type { OutputOptions, RegistryFlags } from '../options.js';

export interface LookasideFlags {
  registriesD?: string;
  lookaside?: string;
}

export interface GpgSignFlags extends OutputOptions, RegistryFlags, LookasideFlags {
  gpgKey: string;
  gpgPassphraseFile?: string;
  fingerprint?: string;
  upload?: string;
  uploadTokenFile?: string;
  allowInsecureToken?: boolean;
}

export interface GpgVerifyFlags extends OutputOptions, RegistryFlags, LookasideFlags {
  keyring: string[];
}

export function addLookasideOptions(command: Command): Command {
  return command
    .option(
      '--registries-d <dir>',
      'registries.d folder naming lookaside stores (default as podman: ~/.config/containers/registries.d or /etc/containers/registries.d)',
    )
    .option(
      '--lookaside <url|dir>',
      'lookaside store for every image: file:// or http(s):// URL, or a folder',
    );
}

/** Where GPG signatures go and how the key is unlocked; shared with `signet sign --gpg-key`. */
export function addGpgSigningOptions(command: Command): Command {
  return addLookasideOptions(command)
    .option('--gpg-passphrase-file <file>', 'file whose first line unlocks the GPG key')
    .option('--fingerprint <fpr>', 'GPG key to use when the key file holds several')
    .option(
      '--upload <url>',
      'upload to a Signet signature server (signet serve lookaside) instead of writing files',
    )
    .option('--upload-token-file <file>', 'file whose first line is the upload bearer token')
    .option(
      '--allow-insecure-token',
      'send the upload token over plain http:// to a host that is not loopback (anyone on the network can read it and upload signatures with it)',
    );
}
