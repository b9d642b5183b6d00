/**
 * `signet demo`: Signet's main job on embedded defaults, end to end on one machine.
 *
 * It starts the embedded registry and a transparency log (SQLite) on loopback ports with
 * their data in local files, pushes a multi-platform image (and an unsigned one),
 * attaches an SBOM through the referrers API, then runs the real commands against them —
 * generate a key pair, sign and record the signature in the log, verify it with the log
 * entry required, evaluate a ClusterImagePolicy, show what is attached — printing each
 * command line, its output and exit code. Nothing leaves the machine. The demo fails if
 * any step does not end as expected.
 */
import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startRegistryServer } from '../../registry/index.js';
import { startTlogServer } from '../../tlog/server/index.js';
import { buildImage, buildIndex, pushImage } from '../../oci/build/index.js';
import { parseReference, withDigest } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { untilSignalled } from '../server-lifecycle.js';
import { attachDemoSbom } from './demo-sbom.js';
import { startDemoDashboard, DEMO_CLUSTER, type DemoDashboard } from './demo-dashboard.js';

interface DemoOptions {
  dataDir?: string;
  keepRunning?: boolean;
}

/** The demo's own key password, set only for the commands it runs; never a real secret. */
const DEMO_PASSWORD = 'signet-demo';

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('run Signet end to end against an embedded registry on this machine')
    .option(
      '--data-dir <dir>',
      'keep registry data and keys here (default: a temporary folder, removed afterwards)',
    )
    .option(
      '--keep-running',
      'keep the registry and the dashboard serving after the demo, until Ctrl-C',
    )
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
    storage: { kind: 'filesystem', directory: join(root, 'registry') },
    referrersApi: true,
  });
  const tlog = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(root, 'tlog') });
  const client = new RegistryClient();
  let dashboard: DemoDashboard | undefined;
  const { main } = await import('../main.js');
  let unexpected = 0;
  const step = async (args: string[], expected: number = ExitCode.Ok) => {
    say(`\n$ signet ${args.join(' ')}`);
    const code = await main(args, {
      console: context.console,
      env: { ...context.env, SIGNET_PASSWORD: DEMO_PASSWORD },
    });
    say(`# exit ${code}${code === expected ? '' : ` (expected ${expected})`}`);
    if (code !== expected) unexpected += 1;
  };
  try {
    say(`# embedded registry on ${server.url}, transparency log on ${tlog.url}, data in ${root}`);
    const app = `${server.host}/demo/app:1.0`;
    const unsigned = `${server.host}/demo/unsigned:1.0`;
    const index = buildIndex([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const { digest } = await pushImage(client, parseReference(app), index);
    await pushImage(client, parseReference(unsigned), buildImage());
    await attachDemoSbom(
      client,
      withDigest(parseReference(app), digest),
      index.manifestBytes.length,
    );
    say(`# pushed ${app} (two platforms, with an SBOM referrer) and ${unsigned}`);
    say(`# key password for this demo: SIGNET_PASSWORD=${DEMO_PASSWORD}`);

    const key = join(root, 'cosign');
    const logKey = join(root, 'tlog.pub');
    await writeFile(logKey, await logPublicKeyPem(tlog.keyPath));
    const policy = join(root, 'policy.yaml');
    await step(['generate-key-pair', '--output-key-prefix', key, '--force']);
    await writeFile(policy, demoPolicy(server.host, await readFile(`${key}.pub`, 'utf8')));
    await step(['image', 'inspect', app]);
    await step(['sign', '--key', `${key}.key`, '--tlog-url', tlog.url, '-a', 'team=demo', app]);
    await step([
      'verify',
      '--key',
      `${key}.pub`,
      '--tlog-key',
      logKey,
      '--tlog-required',
      '-a',
      'team=demo',
      app,
    ]);
    await step(['verify', '--key', `${key}.pub`, unsigned], ExitCode.NoSignatures);
    await step(['policy', 'test', '--policy', policy, app]);
    await step(['policy', 'test', '--policy', policy, unsigned], ExitCode.VerificationFailed);
    await step(['tlog', 'loginfo', '--tlog-url', tlog.url, '--tlog-key', logKey]);
    await step(['image', 'tree', app]);

    say('\n# the admission webhook and the dashboard, in one process (signet serve --webhook)');
    dashboard = await startDemoDashboard(root, server.host, policy, tlog.url, context);
    for (const [name, image, expected] of [
      ['app', app, true],
      ['unsigned', unsigned, false],
    ] as const) {
      const answer = await dashboard.admitPod(name, [image]);
      say(
        `# Pod demo/${name} with ${image}: ${answer.allowed ? 'admitted' : `refused (${answer.message})`}`,
      );
      if (answer.allowed !== expected) unexpected += 1;
    }
    say(
      `# the refused image on the dashboard: ${dashboard.url}/#/violations?cluster=${DEMO_CLUSTER}`,
    );

    if (options.keepRunning === true) {
      say(`\n# registry still serving on ${server.url}; try: signet image tree ${app}`);
      say(`# dashboard still serving on ${dashboard.url}/ until Ctrl-C`);
      await untilSignalled();
    } else {
      say('# (the servers stop with the demo: `npm run demo -- --keep-running` keeps them up)');
    }
  } finally {
    await dashboard?.close();
    await client.close();
    await server.close();
    await tlog.close();
    if (options.dataDir === undefined) await rm(root, { recursive: true, force: true });
  }
  if (unexpected > 0) {
    context.console.err(`demo: ${unexpected} step(s) did not end as expected`);
    context.exitCode = ExitCode.Internal;
  } else {
    say('\n# demo finished: every step ended as expected');
  }
}

/** The public half of the log's signing key, as `signet verify --tlog-key` takes it. */
async function logPublicKeyPem(privateKeyPath: string): Promise<string> {
  const key = createPublicKey(await readFile(privateKeyPath, 'utf8'));
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A ClusterImagePolicy, as policy-controller reads it: images of the demo registry must be signed with the demo key. */
function demoPolicy(registry: string, publicKeyPem: string): string {
  const pem = publicKeyPem
    .trim()
    .split('\n')
    .map((line) => `          ${line}`)
    .join('\n');
  return [
    'apiVersion: policy.sigstore.dev/v1beta1',
    'kind: ClusterImagePolicy',
    'metadata:',
    '  name: demo-signed',
    'spec:',
    '  images:',
    `  - glob: "${registry}/demo/**"`,
    '  authorities:',
    '  - name: demo-key',
    '    key:',
    '      data: |',
    pem,
    '',
  ].join('\n');
}
