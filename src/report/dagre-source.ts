/**
 * dagre's browser build (a script defining the global `dagre`), read from the installed package:
 * the page lays out the lineage graph itself, so collapsing a node re-lays out what is left.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | null = null;

export function dagreSource(): string {
  if (cached === null) {
    const entry = createRequire(import.meta.url).resolve('@dagrejs/dagre'); // …/node_modules/@dagrejs/dagre/dist/dagre.cjs
    // The source-map comment would point the browser's devtools at a file the page does not ship.
    cached = readFileSync(join(dirname(entry), 'dagre.min.js'), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  }
  return cached;
}
