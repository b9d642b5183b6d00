/**
 * `signet policy-json check`: decides, as podman, skopeo and CRI-O would, whether a
 * containers policy.json (containers-policy.json(5)) allows docker images, with the reason
 * of every requirement. Exit 0 when all are allowed, 12 when one is rejected, 3 for an
 * invalid policy (docs/policy-json.md).
 */
import type { Command } from 'commander';
import { loadPolicyJson } from '../../config/policy-json-loader.js';
import { parseReference } from '../../oci/reference/index.js';
import {
  evaluatePolicyJson,
  policyJsonRejection,
  type PolicyJsonDecision,
} from '../../signing/policy-json/index.js';
import type { CliContext } from '../context.js';
import { exitCodeFor } from '../exit-codes.js';
import { imageSignatures, lookasideSource, manifestDigestOf } from '../gpg/index.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';

interface CheckFlags extends OutputOptions, RegistryFlags {
  policy: string;
  registriesD?: string;
  lookaside?: string;
}

export function registerPolicyJsonCommands(program: Command, context: CliContext): void {
  const group = program
    .command('policy-json')
    .description('containers policy.json (podman, skopeo, CRI-O)');
  addRegistryOptions(addOutputOption(group.command('check')))
    .description('decide whether a policy.json allows images, with the reason of every requirement')
    .argument('<image...>', 'docker image references, e.g. quay.io/team/app:1.0')
    .requiredOption('--policy <file>', 'the policy.json to apply')
    .option(
      '--registries-d <dir>',
      'registries.d folder naming lookaside stores (default as podman)',
    )
    .option('--lookaside <url|dir>', 'lookaside store for every image instead of registries.d')
    .action(async (images: string[], flags: CheckFlags) => {
      context.format = flags.output;
      const { policy, path } = await loadPolicyJson(flags.policy);
      const source = await lookasideSource({
        ...(flags.registriesD === undefined ? {} : { registriesDir: flags.registriesD }),
        ...(flags.lookaside === undefined ? {} : { lookaside: flags.lookaside }),
      });
      const client = await registryClientFrom(flags, context.env, undefined, context);
      const decisions: PolicyJsonDecision[] = [];
      try {
        for (const image of images) {
          const reference = parseReference(image);
          const manifestDigest = await manifestDigestOf(client, reference);
          decisions.push(
            await evaluatePolicyJson(policy, {
              reference,
              manifestDigest,
              now: new Date(),
              signatures: () => imageSignatures(client, source, reference, manifestDigest),
            }),
          );
        }
      } finally {
        await client.close();
      }
      if (flags.output === 'json') printJson(context.console, decisions);
      for (const decision of decisions) {
        const rejection = policyJsonRejection(decision, path);
        if (flags.output === 'text') {
          context.console.out(
            `${decision.allowed ? 'allowed' : 'rejected'} ${decision.image} (scope ${decision.scope})`,
          );
          for (const r of decision.requirements) {
            context.console.out(
              `  ${r.accepted ? 'pass' : 'FAIL'} ${r.index + 1}. ${r.type}: ${r.reason}`,
            );
          }
        }
        if (rejection !== undefined)
          context.exitCode = Math.max(context.exitCode, exitCodeFor(rejection));
      }
    });
}
