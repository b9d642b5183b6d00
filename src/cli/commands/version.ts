/** `signet version`: the version of Signet and of the runtime it runs on. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { OutputOptions } from '../options.js';
import { addOutputOption } from '../options.js';
import { printJson } from '../output.js';
import { SIGNET_VERSION } from '../version.js';

export function registerVersionCommand(program: Command, context: CliContext): void {
  addOutputOption(program.command('version').description('print the version of Signet')).action(
    (options: OutputOptions) => {
      context.format = options.output;
      const info = {
        version: SIGNET_VERSION,
        node: process.versions.node,
        platform: `${process.platform}/${process.arch}`,
      };
      if (options.output === 'json') printJson(context.console, info);
      else context.console.out(`signet ${info.version} (node ${info.node}, ${info.platform})`);
    },
  );
}
