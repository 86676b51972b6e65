/**
 * The README's `sweep` section states the schedule the sweep follows (its example's output is
 * checked with every other command the README shows, in test/docs/readme.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scheduleFrom } from '../../src/search/sweep.js';

const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### `ldfi sweep'), readme.indexOf('### Library'));

describe("the README's sweep section", () => {
  it('states the schedule the sweep follows', () => {
    const stated = /rounded down:\n(.*?), … \(/s.exec(section)![1]!.replace(/\s+/g, ' ');
    expect(stated).toBe(scheduleFrom(3, 121).join(', '));
  });
});
