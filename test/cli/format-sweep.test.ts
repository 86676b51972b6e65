/** How a sweep prints its budget: as the user could have written it, whatever its size. */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/cli/format-sweep.js';
import { duration } from '../../src/cli/options.js';

describe('formatDuration', () => {
  it.each([
    ['1.5ms', '1.5 ms'],
    ['500ms', '500 ms'],
    ['1s', '1 s'],
    ['120s', '120 s'],
    ['2m', '120 s'],
    ['90.5s', '90.5 s'],
    ['2h', '2 h'],
    ['1.25h', '1.25 h'],
    ['100000000000000000000h', '1.00e20 h'],
    ['0.1h', '360 s'],
  ])('--budget %s prints as %s', (given, shown) => {
    expect(formatDuration(duration('--budget')(given))).toBe(shown);
  });

  it('never shows float noise or more than six digits', () => {
    for (let i = 1; i < 2000; i++) {
      const text = formatDuration(i * 0.7 * 1000);
      expect(text).toMatch(/^\d+(\.\d+)? (ms|s|h)$/);
      expect(text.replace(/\D/g, '').length).toBeLessThanOrEqual(6);
    }
  });
});
