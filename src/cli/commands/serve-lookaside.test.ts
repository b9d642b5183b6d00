import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { loopbackServingCertificate } from '../../testing/kube-cluster-certs.js';
import type { CliContext } from '../context.js';
import { registerServeLookasideCommand } from './serve-lookaside.js';

function start(args: string[]): { done: Promise<unknown>; lines: string[] } {
  const lines: string[] = [];
  const context: CliContext = {
    console: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
    env: {},
    exitCode: 0,
    format: 'text',
  };
  const program = new Command('signet').exitOverride();
  registerServeLookasideCommand(program.command('serve'), context);
  return { done: program.parseAsync(['serve', 'lookaside', ...args], { from: 'user' }), lines };
}

async function withFolder(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-cli-lookaside-'));
  try {
    await writeFile(join(dir, 'tokens'), `${'t'.repeat(32)}\n`);
    await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('signet serve lookaside', () => {
  it('refuses --tls-cert without --tls-key before starting anything', async () => {
    await withFolder(async (dir) => {
      const { done } = start([
        '--storage',
        dir,
        '--token-file',
        join(dir, 'tokens'),
        '--tls-cert',
        join(dir, 'tls.crt'),
      ]);
      await assert.rejects(done, { code: 'CLI_USAGE', message: /--tls-cert and --tls-key/ });
    });
  });

  it('refuses a connection cap of 0', async () => {
    await withFolder(async (dir) => {
      const { done } = start([
        '--storage',
        dir,
        '--token-file',
        join(dir, 'tokens'),
        '--max-connections',
        '0',
      ]);
      await assert.rejects(done, { code: 'CLI_USAGE', message: /--max-connections .*"0"/ });
    });
  });

  it('refuses a signature size limit above what readers accept', async () => {
    await withFolder(async (dir) => {
      const { done } = start([
        '--storage',
        dir,
        '--token-file',
        join(dir, 'tokens'),
        '--max-signature-bytes',
        String(4 * 1024 * 1024 + 1),
      ]);
      await assert.rejects(done, {
        code: 'CLI_USAGE',
        message: /--max-signature-bytes must be a whole number from 1 to 4194304/,
      });
    });
  });

  it('serves HTTPS with --tls-cert and --tls-key until asked to stop', async () => {
    await withFolder(async (dir) => {
      const serving = await loopbackServingCertificate('signet-cli-lookaside');
      await writeFile(join(dir, 'tls.crt'), serving.certificatePem);
      await writeFile(join(dir, 'tls.key'), serving.privateKeyPem);
      const { done, lines } = start([
        '--storage',
        dir,
        '--token-file',
        join(dir, 'tokens'),
        '--listen',
        '127.0.0.1:0',
        '--tls-cert',
        join(dir, 'tls.crt'),
        '--tls-key',
        join(dir, 'tls.key'),
      ]);
      for (let i = 0; i < 200 && !lines.some((l) => l.includes('listening on')); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.match(lines.join('\n'), /listening on https:\/\/127\.0\.0\.1:\d+/);
      // As the kernel delivers it: listeners receive the signal's name.
      process.emit('SIGTERM', 'SIGTERM');
      await done;
      assert.match(lines.join('\n'), /received SIGTERM, stopping/);
    });
  });
});
