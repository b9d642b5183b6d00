import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { loopbackServingCertificate } from '../../testing/kube-cluster-certs.js';
import type { CliContext } from '../context.js';
import { registerServeCommands } from './serve.js';

function start(args: string[]): { done: Promise<unknown>; lines: string[] } {
  const lines: string[] = [];
  const context: CliContext = {
    console: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
    env: {},
    exitCode: 0,
    format: 'text',
  };
  const program = new Command('signet').exitOverride();
  registerServeCommands(program, context);
  return { done: program.parseAsync(['serve', 'registry', ...args], { from: 'user' }), lines };
}

describe('signet serve registry', () => {
  it('refuses --tls-key without --tls-cert before starting anything', async () => {
    await assert.rejects(start(['--tls-key', 'tls.key']).done, {
      code: 'CLI_USAGE',
      message: /--tls-cert and --tls-key/,
    });
  });

  it('refuses a connection cap that is not a positive whole number', async () => {
    await assert.rejects(start(['--max-connections', '1.5']).done, {
      code: 'CLI_USAGE',
      message: /--max-connections must be a whole number from 1 to \d+, got "1\.5"/,
    });
  });

  it('serves HTTPS with --tls-cert and --tls-key until asked to stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-cli-registry-'));
    try {
      const serving = await loopbackServingCertificate('signet-cli-registry');
      await writeFile(join(dir, 'tls.crt'), serving.certificatePem);
      await writeFile(join(dir, 'tls.key'), serving.privateKeyPem);
      const { done, lines } = start([
        '--listen',
        '127.0.0.1:0',
        '--tls-cert',
        join(dir, 'tls.crt'),
        '--tls-key',
        join(dir, 'tls.key'),
        '--max-connections',
        '8',
      ]);
      for (let i = 0; i < 200 && !lines.some((l) => l.includes('listening on')); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.match(lines.join('\n'), /listening on https:\/\/127\.0\.0\.1:\d+/);
      // As the kernel delivers it: listeners receive the signal's name.
      process.emit('SIGTERM', 'SIGTERM');
      await done;
      assert.match(lines.join('\n'), /received SIGTERM, stopping/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
