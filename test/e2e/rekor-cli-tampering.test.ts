// rekor-cli v1.5.4 against `signet serve tlog` through a proxy that alters one byte of an
// answer (inclusion proof, SET, integrated time, body, checkpoint, consistency proof):
// every altered answer is refused, and untouched ones pass.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactFlags, succeeded } from '../../src/testing/tlog-rekor-cli.js';
import {
  bumpNumberField,
  flipCheckpointRoot,
  flipInStringField,
  type Tamper,
} from '../../src/testing/tlog-tampering-proxy.js';
import {
  log,
  rekor,
  rekorCli,
  signedArtifact,
  startRekorCliLog,
  stopRekorCliLog,
  upload,
} from './rekor-cli-log.js';

describe('rekor-cli through a proxy that alters one byte', { skip: rekorCli.skipReason }, () => {
  const uploaded: { index: number; entryId: string }[] = [];
  before(async () => {
    await startRekorCliLog();
    // Three entries, so that the first one's inclusion proof has hashes to alter.
    for (const key of ['p256', 'rsa', 'p256'] as const) {
      const output = await upload(await signedArtifact(key));
      uploaded.push({ index: output.Index, entryId: output.Location.split('/').at(-1)! });
    }
  });
  after(stopRekorCliLog);

  const index = () => String(uploaded[0]!.index);
  const onEntry =
    (change: (body: Buffer) => Buffer): Tamper =>
    (answer) =>
      answer.path.startsWith('/api/v1/log/entries') && answer.status < 300
        ? change(answer.body)
        : undefined;
  const cases: [string, string[], Tamper][] = [
    [
      'an inclusion proof hash',
      ['get', '--log-index'],
      onEntry((b) => flipInStringField(b, 'hashes')),
    ],
    [
      'the proof root hash',
      ['get', '--log-index'],
      onEntry((b) => flipInStringField(b, 'rootHash')),
    ],
    [
      'the SET',
      ['get', '--log-index'],
      onEntry((b) => flipInStringField(b, 'signedEntryTimestamp')),
    ],
    [
      'the integrated time',
      ['get', '--log-index'],
      onEntry((b) => bumpNumberField(b, 'integratedTime')),
    ],
    ['the entry body', ['get', '--log-index'], onEntry((b) => flipInStringField(b, 'body'))],
    [
      'the checkpoint root',
      ['get', '--log-index'],
      onEntry((b) => flipCheckpointRoot(b, 'checkpoint')),
    ],
    [
      'an inclusion proof hash',
      ['verify', '--log-index'],
      onEntry((b) => flipInStringField(b, 'hashes')),
    ],
    [
      'the SET',
      ['verify', '--log-index'],
      onEntry((b) => flipInStringField(b, 'signedEntryTimestamp')),
    ],
    [
      'the checkpoint root',
      ['verify', '--log-index'],
      onEntry((b) => flipCheckpointRoot(b, 'checkpoint')),
    ],
  ];

  it('lets untouched answers through (the proxy itself changes nothing)', async () => {
    log.proxy.setTamper(undefined);
    succeeded(await rekor(['get', '--log-index', index()], { via: 'proxy' }));
    succeeded(await rekor(['verify', '--log-index', index()], { via: 'proxy' }));
    succeeded(await rekor(['loginfo'], { via: 'proxy' }));
  });

  for (const [what, command, tamper] of cases) {
    it(`rekor-cli ${command[0]} refuses an answer with ${what} altered`, async () => {
      log.proxy.setTamper(tamper);
      const run = await rekor([...command, index()], { via: 'proxy' });
      assert.ok(log.proxy.tampered >= 1, 'the proxy altered an answer');
      assert.notEqual(run.code, 0, `rekor-cli accepted a tampered answer: ${run.stdout}`);
    });
  }

  it('rekor-cli get --uuid refuses an entry whose body was altered', async () => {
    log.proxy.setTamper(onEntry((b) => flipInStringField(b, 'body')));
    const run = await rekor(['get', '--uuid', uploaded[0]!.entryId], { via: 'proxy' });
    assert.ok(log.proxy.tampered >= 1);
    assert.notEqual(run.code, 0);
  });

  it('rekor-cli upload refuses a creation answer whose SET was altered', async () => {
    log.proxy.setTamper((answer) =>
      answer.method === 'POST' && answer.status === 201
        ? flipInStringField(answer.body, 'signedEntryTimestamp')
        : undefined,
    );
    const run = await rekor(['upload', ...artifactFlags(await signedArtifact())], {
      via: 'proxy',
    });
    assert.equal(log.proxy.tampered, 1);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /unable to verify/);
  });

  it('rekor-cli loginfo refuses a signed tree head whose root was altered', async () => {
    log.proxy.setTamper((answer) =>
      answer.path === '/api/v1/log' ? flipCheckpointRoot(answer.body, 'signedTreeHead') : undefined,
    );
    const run = await rekor(['loginfo'], { via: 'proxy' });
    assert.equal(log.proxy.tampered, 1);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /did not verify/);
  });

  it('rekor-cli loginfo refuses a consistency proof that was altered', async () => {
    const home = await mkdtemp(join(log.work, 'home-'));
    log.proxy.setTamper(undefined);
    succeeded(await rekor(['loginfo'], { home, via: 'proxy' }));
    await upload(await signedArtifact());
    log.proxy.setTamper((answer) =>
      answer.path.startsWith('/api/v1/log/proof')
        ? flipInStringField(answer.body, 'hashes')
        : undefined,
    );
    const run = await rekor(['loginfo'], { home, via: 'proxy' });
    assert.equal(log.proxy.tampered, 1);
    assert.notEqual(run.code, 0);
  });
});
