import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs identical concurrent work once and hands every caller the result', async () => {
    const flight = new SingleFlight<string, number>();
    let runs = 0;
    let release!: (value: number) => void;
    const work = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const calls = Array.from({ length: 20 }, () => flight.run('image', work));
    assert.equal(runs, 1);
    assert.deepEqual(
      calls.map((c) => c.joined),
      [false, ...Array<boolean>(19).fill(true)],
    );
    release(7);
    assert.deepEqual(await Promise.all(calls.map((c) => c.promise)), Array<number>(20).fill(7));
    assert.equal(flight.pending, 0);
  });

  it('starts afresh after a failure, so an error is not remembered', async () => {
    const flight = new SingleFlight<string, number>();
    await assert.rejects(flight.run('k', () => Promise.reject(new Error('down'))).promise, /down/);
    assert.equal(await flight.run('k', () => Promise.resolve(2)).promise, 2);
  });

  it('keeps different keys apart', async () => {
    const flight = new SingleFlight<string, string>();
    const a = flight.run('a', () => Promise.resolve('A'));
    const b = flight.run('b', () => Promise.resolve('B'));
    assert.equal(b.joined, false);
    assert.deepEqual(await Promise.all([a.promise, b.promise]), ['A', 'B']);
  });
});
