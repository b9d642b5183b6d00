/**
 * `signet notation verify IMAGE...`: verifies each image's Notary Project signatures under
 * a trust policy document and trust store (notation's own files by default). An image
 * passes when one signature passes every enforced check; checks the policy sets to log
 * are reported on stderr as warnings. The exit code is that of the last failure.
 */
import type { Command } from 'commander';
import type { SignetError } from '../../core/errors.js';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { listNotationSignatures, verifyImageSignatures } from '../../signing/notation/index.js';
import type { CliContext } from '../context.js';
import {
  addOutputOption,
  addRegistryOptions,
  collectValues,
  type OutputOptions,
  type RegistryFlags,
} from '../options.js';
import { printError, printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { loadNotationTrust, type TrustFlags } from './notation-trust-files.js';

interface VerifyOptions extends OutputOptions, RegistryFlags, TrustFlags {}

export function registerNotationVerify(group: Command, context: CliContext): void {
  addRegistryOptions(
    addOutputOption(
      group
        .command('verify')
        .description('verify Notary Project signatures under a trust policy and trust store')
        .argument('<image...>', 'image references; tags are resolved to digests')
        .option(
          '--trust-policy <file>',
          "OCI trust policy document (default: notation's trustpolicy.oci.json or trustpolicy.json)",
        )
        .option(
          '--trust-store <dir>',
          "trust store folder holding x509/{ca,signingAuthority,tsa}/<name>/ (default: notation's)",
        )
        .option(
          '--crl <file>',
          'certificate revocation list (PEM or DER) to check the chain against; repeatable',
          collectValues,
        ),
    ),
  ).action(async (images: string[], options: VerifyOptions) => {
    context.format = options.output;
    const { policy, trust } = await loadNotationTrust(options, context.env);
    const refs = images.map((i) => parseReference(i));
    const client = await registryClientFrom(options, context.env, refs[0]?.registry, context);
    const reports: Record<string, unknown>[] = [];
    const failures: SignetError[] = [];
    try {
      for (const ref of refs) {
        const digest = ref.digest ?? (await client.resolveDigest(ref));
        const pinned = withDigest(ref, digest);
        const image = formatReference(pinned);
        try {
          const listed = await listNotationSignatures(client, pinned);
          for (const problem of listed.problems) context.console.err(`warning: ${problem}`);
          const result = await verifyImageSignatures(
            {
              image,
              scope: `${ref.registry}/${ref.repository}`,
              digest,
              policy,
              trust,
              now: new Date(),
            },
            listed.envelopes,
          );
          for (const line of result.logged) context.console.err(`warning: ${line}`);
          reports.push({
            image,
            verified: true,
            trustPolicy: result.statement.name,
            level: result.statement.level,
            ...(result.signature === undefined ? {} : result.signature),
            logged: result.logged,
          });
          if (options.output === 'text') {
            context.console.out(
              result.signature === undefined
                ? `${image}: verification skipped (trust policy "${result.statement.name}" has level skip)`
                : `${image}: verified signature ${result.signature.manifestDigest} by ${result.signature.signer ?? '?'} (trust policy "${result.statement.name}", level ${result.statement.level})`,
            );
          }
        } catch (error) {
          if ((error as SignetError).category === undefined) throw error;
          failures.push(error as SignetError);
          reports.push({ image, verified: false, error: (error as SignetError).toJSON() });
        }
      }
    } finally {
      await client.close();
    }
    if (options.output === 'json') printJson(context.console, reports);
    const last = failures.at(-1);
    if (last === undefined) return;
    for (const failure of failures)
      if (failure !== last) printError(context.console, failure, options.output);
    throw last;
  });
}
