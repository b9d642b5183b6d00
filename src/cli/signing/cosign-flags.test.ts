import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { isSignetError } from '../../core/errors.js';
import type { RegistryFlags } from '../options.js';
import {
  addCosignSignFlags,
  blobSignLogUrl,
  registryFlagsWithCosign,
  tlogUrlFlag,
  type CosignFlags,
} from './cosign-flags.js';

/** Parses `args` as `sign` would and returns the flags and the images left. */
function parse(args: string[]): { flags: CosignFlags; images: string[] } {
  let seen: { flags: CosignFlags; images: string[] } | undefined;
  const command = addCosignSignFlags(new Command('sign').argument('<image...>').exitOverride());
  command.action((images: string[], flags: CosignFlags) => {
    seen = { flags, images };
  });
  command.parse(args, { from: 'user' });
  return seen!;
}

describe("cosign's flags", () => {
  it('reads Go boolean values after "=" and a bare flag as true', () => {
    const { flags } = parse(['--tlog-upload=false', '--new-bundle-format=True', '-y', 'img']);
    assert.equal(flags.tlogUpload, false);
    assert.equal(flags.newBundleFormat, true);
    assert.equal(flags.yes, true);
    assert.equal(parse(['--new-bundle-format=0', 'img']).flags.newBundleFormat, false);
  });

  it('never takes the image after a bare boolean flag as its value', () => {
    const { flags, images } = parse(['--allow-http-registry', 'r.example/a:1', 'r.example/b:1']);
    assert.equal(flags.allowHttpRegistry, true);
    assert.deepEqual(images, ['r.example/a:1', 'r.example/b:1']);
    const opened = registryFlagsWithCosign({ ...flags, insecureRegistry: ['a.example'] }, [
      'r.example',
      'r.example',
    ]);
    assert.deepEqual(opened.insecureRegistry, ['a.example', 'r.example']);
    const closed: RegistryFlags & CosignFlags = {};
    assert.equal(registryFlagsWithCosign(closed, ['r.example']).insecureRegistry, undefined);
  });

  it('refuses a boolean value Go would refuse', () => {
    assert.throws(
      () => parse(['--tlog-upload=maybe', 'img']),
      (e: unknown) => isSignetError(e) && e.code === 'CLI_USAGE' && /--tlog-upload/.test(e.message),
    );
  });

  it('takes --rekor-url as --tlog-url, and refuses two different logs', () => {
    assert.equal(tlogUrlFlag(undefined, { rekorUrl: 'http://log' }), 'http://log');
    assert.equal(tlogUrlFlag('http://log', { rekorUrl: 'http://log' }), 'http://log');
    assert.throws(() => tlogUrlFlag('http://a', { rekorUrl: 'http://b' }), /different logs/);
  });

  it('sign-blob: --new-bundle-format needs --bundle, and a log entry needs a bundle to live in', () => {
    const usage = (pattern: RegExp) => (e: unknown) =>
      isSignetError(e) && e.code === 'CLI_USAGE' && pattern.test(e.message);
    assert.throws(() => blobSignLogUrl({ newBundleFormat: true }, undefined), usage(/--bundle/));
    assert.throws(
      () => blobSignLogUrl({ newBundleFormat: false, bundle: 'b.json' }, undefined),
      usage(/--new-bundle-format=false/),
    );
    assert.equal(blobSignLogUrl({ newBundleFormat: true, bundle: 'b.json' }, undefined), undefined);
    assert.throws(() => blobSignLogUrl({}, 'http://log'), usage(/--bundle/));
    assert.throws(
      () => blobSignLogUrl({ tlogUpload: true, bundle: 'b' }, undefined),
      usage(/--tlog-url/),
    );
    assert.throws(
      () => blobSignLogUrl({ useSigningConfig: true }, undefined),
      usage(/signing config/),
    );
  });

  it('sign-blob: logs to --tlog-url or --rekor-url unless --tlog-upload=false', () => {
    assert.equal(blobSignLogUrl({ bundle: 'b' }, 'http://log'), 'http://log');
    assert.equal(blobSignLogUrl({ bundle: 'b', rekorUrl: 'http://log' }, undefined), 'http://log');
    assert.equal(blobSignLogUrl({ tlogUpload: false }, 'http://log'), undefined);
    // SIGNET_TLOG_URL logs bundles; a plain signature is never logged.
    assert.equal(blobSignLogUrl({ bundle: 'b' }, undefined, 'http://env'), 'http://env');
    assert.equal(blobSignLogUrl({}, undefined, 'http://env'), undefined);
  });
});
