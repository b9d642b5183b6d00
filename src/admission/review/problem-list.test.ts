import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PROBLEMS_KEPT, MAX_PROBLEM_CHARS, ProblemList } from './problem-list.js';

describe('ProblemList', () => {
  it('keeps every problem while there are few', () => {
    const problems = new ProblemList();
    problems.add('a is missing');
    problems.add('b is not a string');
    assert.equal(problems.size, 2);
    assert.equal(String(problems), 'a is missing; b is not a string');
  });

  it('keeps the first problems and counts the rest of a million', () => {
    const problems = new ProblemList();
    for (let i = 0; i < 1_000_000; i += 1) problems.add(`spec.containers[${i}].image is missing`);
    assert.equal(problems.size, 1_000_000);
    const list = problems.list();
    assert.equal(list.length, MAX_PROBLEMS_KEPT + 1);
    assert.equal(list[0], 'spec.containers[0].image is missing');
    assert.equal(list.at(-1), `and ${1_000_000 - MAX_PROBLEMS_KEPT} more problems`);
    assert.ok(String(problems).length < 1000);
  });

  it('cuts an overlong problem, saying how much was left out', () => {
    const problems = new ProblemList();
    problems.add(`kind is ${'x'.repeat(100_000)}`);
    const [only] = problems.list();
    assert.equal(only!.length, MAX_PROBLEM_CHARS);
    assert.match(only!, /^kind is x+… \(\d+ more characters\)$/);
  });
});
