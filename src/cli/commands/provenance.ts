/**
 * `signet provenance --subject IMAGE@DIGEST...`: writes an SLSA Provenance v1.0 predicate
 * for the build the command runs in (GitHub Actions, GitLab CI, a Tekton run file with
 * `--tekton-run`, or flags and SIGNET_* variables for anything else), checked against
 * the SLSA v1 schema. `--statement` writes the whole in-toto statement with the subjects,
 * ready for `signet attest --statement`. Nothing is signed: see `signet attest --provenance`.
 */
import type { Command } from 'commander';
import { parseReference, repositoryOf } from '../../oci/reference/index.js';
import { SLSA_PROVENANCE_V1 } from '../../signing/attest/index.js';
import { buildStatement } from '../../signing/intoto/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { collectValues } from '../options.js';
import { withOutputFile } from '../signing/output-file.js';
import {
  addProvenanceOptions,
  provenanceFromOptions,
  type ProvenanceFlags,
} from './provenance-options.js';

interface ProvenanceOptions extends ProvenanceFlags {
  subject?: string[];
  statement?: boolean;
  outputFile?: string;
}

export function registerProvenanceCommand(program: Command, context: CliContext): void {
  const command = program
    .command('provenance')
    .description('write an SLSA v1.0 provenance predicate for the build this runs in')
    .option(
      '--subject <image@digest>',
      'what the build made: IMAGE@sha256:<hex> or NAME@sha256:<hex>; repeatable',
      collectValues,
    )
    .option('--statement', 'write the whole in-toto statement (subjects and predicate)')
    .option('--output-file <file>', 'write to this file instead of stdout');
  addProvenanceOptions(command).action(async (options: ProvenanceOptions) => {
    const subjects = (options.subject ?? []).map(subjectOf);
    if (subjects.length === 0)
      throw cliError('CLI_USAGE', 'give --subject IMAGE@sha256:<hex> at least once');
    const predicate = await provenanceFromOptions(options, context.env, subjects, new Date());
    const text =
      options.statement === true
        ? new TextDecoder().decode(buildStatement(subjects, SLSA_PROVENANCE_V1, predicate))
        : JSON.stringify(predicate);
    await withOutputFile(context, options.outputFile, (console) => console.out(text));
  });
}

function subjectOf(text: string): { name: string; digest: string } {
  const at = text.lastIndexOf('@');
  const digest = at < 0 ? '' : text.slice(at + 1);
  if (!/^sha(256|384|512):[0-9a-f]+$/.test(digest) || digest.length < 71)
    throw cliError(
      'CLI_USAGE',
      `--subject "${text.slice(0, 200)}" must be NAME@sha256:<hex>, pinned by digest`,
    );
  try {
    return { name: repositoryOf(parseReference(text)), digest };
  } catch {
    return { name: text.slice(0, at), digest };
  }
}
