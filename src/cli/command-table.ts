/**
 * Every top-level command and where its code lives. Commands are loaded on demand: a run
 * of `signet verify` imports the verification code only, not the webhook, the log server
 * or the policy engine, which keeps process start-up (a cost every CI step pays) small.
 * `signet --help` and unknown commands load them all so help and suggestions are complete.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

export type RegisterCommand = (program: Command, context: CliContext) => void;

export const COMMAND_TABLE: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  version: async () => (await import('./commands/version.js')).registerVersionCommand,
  image: async () => (await import('./commands/image.js')).registerImageCommands,
  'generate-key-pair': async () =>
    (await import('./commands/generate-key-pair.js')).registerGenerateKeyPairCommand,
  'public-key': async () => (await import('./commands/public-key.js')).registerPublicKeyCommand,
  sign: async () => (await import('./commands/sign.js')).registerSignCommand,
  verify: async () => (await import('./commands/verify.js')).registerVerifyCommand,
  'sign-blob': async () => (await import('./commands/sign-blob.js')).registerSignBlobCommand,
  'verify-blob': async () => (await import('./commands/verify-blob.js')).registerVerifyBlobCommand,
  'verify-bundle': async () =>
    (await import('./commands/verify-bundle.js')).registerVerifyBundleCommand,
  attest: async () => (await import('./commands/attest.js')).registerAttestCommand,
  'attest-blob': async () => (await import('./commands/attest-blob.js')).registerAttestBlobCommand,
  'verify-attestation': async () =>
    (await import('./commands/verify-attestation.js')).registerVerifyAttestationCommand,
  'verify-blob-attestation': async () =>
    (await import('./commands/verify-attestation-blob.js')).registerVerifyBlobAttestationCommand,
  provenance: async () => (await import('./commands/provenance.js')).registerProvenanceCommand,
  download: async () => (await import('./commands/download.js')).registerDownloadCommands,
  gpg: async () => (await import('./commands/gpg.js')).registerGpgCommands,
  check: async () => (await import('./commands/check.js')).registerCheckCommands,
  policy: async () => (await import('./commands/policy.js')).registerPolicyCommands,
  'policy-json': async () => (await import('./commands/policy-json.js')).registerPolicyJsonCommands,
  tlog: async () => (await import('./commands/tlog.js')).registerTlogCommands,
  serve: async () => (await import('./commands/serve.js')).registerServeCommands,
  certs: async () => (await import('./commands/certs.js')).registerCertsCommand,
  notation: async () => (await import('./commands/notation.js')).registerNotationCommands,
  demo: async () => (await import('./commands/demo.js')).registerDemoCommand,
  sbom: async () => (await import('./commands/sbom.js')).registerSbomCommand,
  attach: async () => (await import('./commands/attach.js')).registerAttachCommands,
};

/**
 * The registrations a command line needs: only its command's when the first word that is
 * not an option names one, else all of them.
 */
export async function registrationsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.find((word) => !word.startsWith('-'));
  const load = first === undefined ? undefined : COMMAND_TABLE[first];
  if (load !== undefined) return [await load()];
  return Promise.all(Object.values(COMMAND_TABLE).map((loadOne) => loadOne()));
}
