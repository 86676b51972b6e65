import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

describe('the excerpt under a diagnostic', () => {
  // Editors on Windows save a byte-order mark; it is not part of line 1, and the excerpt must not print it.
  it('leaves out a byte-order mark, with the caret still under the span', () => {
    const text = '\uFEFFfoo(X :- bar(X);\n';
    const { diagnostics } = parseSource('f.ded', text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const out = renderDiagnostics(diagnostics, new Map([['f.ded', text]]));
    const [header, source, caret] = out.split('\n');
    expect(out).not.toContain('\uFEFF');
    expect(source).toBe('  foo(X :- bar(X);');
    const col = Number(/^f\.ded:1:(\d+):/.exec(header!)![1]);
    expect(caret!.indexOf('^')).toBe(2 + col - 1);
    expect(source!.slice(2 + col - 1, 2 + col + 1)).toBe(':-');
  });

  it('shows line 1 whole when the file has no byte-order mark', () => {
    const text = 'foo(X :- bar(X);\n';
    const out = renderDiagnostics(parseSource('f.ded', text).diagnostics, new Map([['f.ded', text]]));
    expect(out.split('\n')[1]).toBe('  foo(X :- bar(X);');
  });
});
