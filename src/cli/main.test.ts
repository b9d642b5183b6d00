import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.js';
import { captureConsole as capture } from '../testing/capture-console.js';

describe('signet command line', () => {
  it('prints help listing the commands and exits 0', async () => {
    const console = capture();
    const code = await main(['--help'], { console });
    assert.equal(code, 0);
    for (const name of ['version', 'image', 'serve', 'demo']) {
      assert.match(console.stdout, new RegExp(`\\n  ${name}\\b`));
    }
  });

  it('prints the package version as text and JSON', async () => {
    const text = capture();
    assert.equal(await main(['version'], { console: text }), 0);
    assert.match(text.stdout, /^signet \d+\.\d+\.\d+ \(node /);
    const json = capture();
    assert.equal(await main(['version', '--output', 'json'], { console: json }), 0);
    const parsed = JSON.parse(json.stdout) as { version: string; node: string };
    assert.equal(parsed.node, process.versions.node);
  });

  it('exits 2 on an unknown command or option', async () => {
    const console = capture();
    assert.equal(await main(['frobnicate'], { console }), 2);
    assert.match(console.stderr, /unknown command 'frobnicate'/);
    assert.equal(await main(['version', '--bogus'], { console: capture() }), 2);
  });

  it('exits 2 with the error code when --output is not text or json', async () => {
    const console = capture();
    assert.equal(await main(['version', '--output', 'yaml'], { console }), 2);
    assert.match(
      console.stderr,
      /error \[CLI_USAGE\]: --output must be one of text, json, got "yaml"/,
    );
  });

  it('rejects a malformed image reference with exit 2 and names it', async () => {
    const console = capture();
    const code = await main(['image', 'digest', 'Registry.example/UPPER/app'], { console });
    assert.equal(code, 2);
    assert.match(console.stderr, /REFERENCE_INVALID/);
    assert.match(console.stderr, /UPPER/);
    assert.equal(console.stdout, '');
  });

  it('prints errors as JSON on stderr when --output json is given', async () => {
    const console = capture();
    const code = await main(['image', 'digest', '--output', 'json', 'bad::ref'], { console });
    assert.equal(code, 2);
    const body = JSON.parse(console.stderr) as { error: { code: string; category: string } };
    assert.equal(body.error.code, 'REFERENCE_INVALID');
    assert.equal(body.error.category, 'usage');
  });

  it('asks for exactly one kind of key when signing or verifying', async () => {
    for (const args of [
      ['sign', 'registry.example/app:1'],
      ['sign', '--key', 'cosign.key', '--gpg-key', 'k.asc', 'registry.example/app:1'],
      ['verify', 'registry.example/app:1'],
      ['verify', '--key', 'cosign.pub', '--gpg-keyring', 'k.gpg', 'registry.example/app:1'],
    ]) {
      const console = capture();
      assert.equal(await main(args, { console }), 2, args.join(' '));
      assert.match(console.stderr, /error \[CLI_USAGE\]: give .*--key .*--gpg-key/);
    }
  });
});
