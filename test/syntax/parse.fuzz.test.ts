/**
 * Parser fuzz, kept in the repository: seeded mutations of every bundled spec (characters
 * deleted, inserted, duplicated, lines cut, control characters, CR line breaks, non-BMP
 * characters) go through the whole front half — load, check, compile, two timesteps — and must
 * be handled as promised: no exception, every diagnostic inside its file, rendered without raw
 * control characters. `npm run test:stress` runs many more mutants (LDFI_FUZZ_MUTANTS).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { prng } from '../../src/faults/space.js';
import { RuleError } from '../../src/sim/errors.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { simulate } from '../../src/sim/simulate.js';
import { lineStarts, renderDiagnostics } from '../../src/syntax/diagnostic.js';
import type { SourceRead } from '../../src/syntax/read.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');
const files = new Map<string, string>();
for (const f of readdirSync(SPECS)) if (f.endsWith('.ded')) files.set(f, readFileSync(join(SPECS, f), 'utf8'));
for (const f of readdirSync(join(SPECS, 'lib'))) if (f.endsWith('.ded')) files.set(join('lib', f), readFileSync(join(SPECS, 'lib', f), 'utf8'));
const mains = [...files.keys()].filter((f) => !f.startsWith('lib'));

const INSERTS = ['(', ')', ',', ';', ':-', '@', '@next', '@async', '"', '\\', 'notin ', '_', 'X', '1', '99999999999999999999', '+', '*', '/', '<', '>=', '==', '!=', '=', '\u0000', '\u0001', '\u007f', '\r', '\r\n', '\n', '\t', '\uFFFD', '😀', '\u202e', '/*', '*/', '//', 'count<', 'include "x.ded";', 'crash(', 'pre(', ' '];

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 8));
        break;
      case 1:
        t = t.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)]! + t.slice(at);
        break;
      case 2: {
        const len = Math.floor(r() * 40);
        t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
        break;
      }
      case 3:
        t = t.slice(0, at);
        break;
      default:
        t = t.replace(/\n/g, () => (r() < 0.1 ? '\r' : '\n'));
    }
  }
  return t;
}

/** Null when the mutant was handled as promised, else what went wrong. */
function judge(name: string, text: string): string | null {
  const read = (p: string): SourceRead => {
    const key = p.startsWith(`${SPECS}/`) ? p.slice(SPECS.length + 1) : p;
    const t = key === name ? text : files.get(key);
    return t === undefined ? { kind: 'missing' } : t.includes('\0') ? { kind: 'refused', reason: 'not a text file' } : { kind: 'text', text: t, key };
  };
  try {
    const spec = loadSpec([join(SPECS, name)], { read });
    for (const d of spec.diagnostics) {
      const source = spec.sources.get(d.span.file);
      if (source === undefined) continue;
      const lines = lineStarts(source).length;
      if (d.span.line < 1 || d.span.line > lines || d.span.col < 1) return `diagnostic outside its file: ${d.span.file}:${d.span.line}:${d.span.col} (${lines} lines)`;
    }
    const rendered = renderDiagnostics(spec.diagnostics, spec.sources);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(rendered)) return 'a raw control character in the rendered diagnostics: ';
    if (spec.ok) {
      try {
        simulate(spec.compiled, { nodes: defaultNodes(spec.compiled, 2), eot: 2, faults: [] });
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
      }
    }
    return null;
  } catch (e) {
    return `threw ${(e as Error).stack ?? String(e)}`;
  }
}

describe('parser fuzz', () => {
  it('handles every mutant of every bundled spec as promised', () => {
    const mutants = Number(process.env['LDFI_FUZZ_MUTANTS'] ?? 1500);
    const random = prng(7);
    let tried = 0;
    let handled = 0;
    const failures: string[] = [];
    for (let i = 0; i < mutants; i++) {
      const name = mains[i % mains.length]!;
      const text = mutate(files.get(name)!, random);
      const problem = judge(name, text);
      tried++;
      if (problem === null) handled++;
      else if (failures.length < 5) failures.push(`${name} mutant ${i}: ${problem}\n--- text ---\n${JSON.stringify(text)}`);
    }
    expect(failures).toEqual([]);
    expect({ tried, handled }).toEqual({ tried: mutants, handled: mutants });
  });
});
