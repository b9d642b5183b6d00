/**
 * `signet demo`: Signet's main job on embedded defaults, end to end on one machine.
 *
 * It starts the embedded registry on a loopback port with its data in local files,
 * builds and pushes a multi-platform image, attaches an SBOM through the referrers API,
 * and then runs the same code as `signet image digest`, `inspect` and `tree` against it,
 * printing each command and its output. Nothing leaves the machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startRegistryServer } from '../../registry/index.js';
import { buildIndex, pushImage } from '../../oci/build/index.js';
import { parseReference, withDigest, formatReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { inspectImage } from '../../oci/inspect/index.js';
import { discoverAttachments } from '../../oci/attachments/index.js';
import type { CliContext } from '../context.js';
import { renderInspection } from '../render/inspect.js';
import { renderTree } from '../render/tree.js';
import { untilSignalled } from './serve.js';
import { attachDemoSbom } from './demo-sbom.js';

interface DemoOptions {
  dataDir?: string;
  keepRunning?: boolean;
}

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('run Signet end to end against an embedded registry on this machine')
    .option(
      '--data-dir <dir>',
      'keep the registry data here (default: a temporary folder, removed afterwards)',
    )
    .option('--keep-running', 'keep the registry serving after the demo, until Ctrl-C')
    .action(async (options: DemoOptions) => {
      await runDemo(context, options);
    });
}

async function runDemo(context: CliContext, options: DemoOptions): Promise<void> {
  const say = (text: string) => context.console.out(text);
  const root = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'signet-demo-')));
  const server = await startRegistryServer({
    host: '127.0.0.1',
    port: 0,
    storage: { kind: 'filesystem', directory: root },
    referrersApi: true,
  });
  const client = new RegistryClient();
  try {
    say(`# embedded registry on ${server.url}, data in ${root}`);
    const ref = parseReference(`${server.host}/demo/app:1.0`);
    const index = buildIndex([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const { digest } = await pushImage(client, ref, index);
    say(`# pushed a two-platform image as ${formatReference(ref)}`);
    const sbomDigest = await attachDemoSbom(
      client,
      withDigest(ref, digest),
      index.manifestBytes.length,
    );
    say(`# attached an SBOM as referrer ${sbomDigest}\n`);

    const shown = formatReference(ref);
    say(`$ signet image digest ${shown}`);
    say(await client.resolveDigest(ref));
    say(`\n$ signet image inspect ${shown}`);
    say(renderInspection(shown, await inspectImage(client, ref)));
    say(`\n$ signet image tree ${shown}`);
    say(
      renderTree(
        formatReference({ ...ref, digest: undefined }),
        await discoverAttachments(client, withDigest(ref, digest)),
      ),
    );

    if (options.keepRunning === true) {
      say(`\n# registry still serving on ${server.url}; try: signet image tree ${shown}`);
      await untilSignalled();
    }
  } finally {
    await client.close();
    await server.close();
    if (options.dataDir === undefined) await rm(root, { recursive: true, force: true });
  }
}
