import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withDeadline } from './deadline.js';

describe('withDeadline', () => {
  it('returns the value of work that finishes in time', async () => {
    assert.deepEqual(await withDeadline(Promise.resolve(3), 1000), { done: true, value: 3 });
  });

  it('stops waiting when the deadline passes', async () => {
    const never = new Promise<number>(() => undefined);
    assert.deepEqual(await withDeadline(never, 5), { done: false });
  });

  it('passes on a failure that happens in time', async () => {
    await assert.rejects(withDeadline(Promise.reject(new Error('refused')), 1000), /refused/);
  });

  it('leaves no unhandled rejection when work fails after the deadline', async () => {
    let fail!: (e: Error) => void;
    const late = new Promise<number>((_, reject) => (fail = reject));
    assert.deepEqual(await withDeadline(late, 1), { done: false });
    let unhandled = false;
    const onUnhandled = () => (unhandled = true);
    process.once('unhandledRejection', onUnhandled);
    fail(new Error('late'));
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onUnhandled);
    assert.equal(unhandled, false);
  });
});
