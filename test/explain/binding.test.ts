/** Matching a rule that did not fire against a run: the first binding, and the notin goals that stopped it. */
import { describe, expect, it } from 'vitest';
import { blockingGoals } from '../../src/explain/binding.js';
import { indexRun } from '../../src/explain/run-index.js';
import { load } from './helpers.js';

const TEXT = [
  'n("a", 1);',
  'n("a", 2);',
  'n("a", 3);',
  'stop("a", 2);',
  'seen("a", 5)@1;',
  'post(X, V) :- n(X, V), V > 1, notin stop(X, V), notin gone(X, _), notin seen(X, V + 3)@1;',
  'gone(X, W) :- n(X, W), W > 9;',
  'pre(X, V) :- n(X, V);',
  '',
].join('\n');

describe('blockingGoals', () => {
  const spec = load('b.ded', TEXT, ['a']);
  const run = spec.run('', 2);
  const index = indexRun(run);
  const rule = spec.compiled.rules.find((r) => r.head.relation === 'post')!;

  it('binds the head, joins the positive atoms, and reads the notin goals with the binding', () => {
    expect(blockingGoals(rule, ['a', 2], index, 2)).toEqual([
      { relation: 'stop', args: ['a', 2], time: 2 },
      { relation: 'gone', args: ['a', null], time: 2 },
      { relation: 'seen', args: ['a', 5], time: 1 },
    ]);
  });

  it('has no binding when a comparison or a positive atom fails, or the head does not match', () => {
    expect(blockingGoals(rule, ['a', 1], index, 2)).toBeNull(); // V > 1
    expect(blockingGoals(rule, ['a', 4], index, 2)).toBeNull(); // no n("a", 4)
    expect(blockingGoals(rule, ['a'], index, 2)).toBeNull();
  });
});
