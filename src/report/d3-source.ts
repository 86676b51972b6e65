/**
 * d3's browser build, read from the installed package so the page needs no network. Its dist file
 * is not in d3's exports map, so the package folder is found through the module it does export.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | null = null;

export function d3Source(): string {
  if (cached === null) {
    const entry = createRequire(import.meta.url).resolve('d3'); // …/node_modules/d3/dist/d3.mjs
    cached = readFileSync(join(dirname(entry), 'd3.min.js'), 'utf8');
  }
  return cached;
}
