import { describe, expect, it } from 'vitest';
import { canonicalFaults, crash, faultKey, formatFaults, omit, parseFaults } from '../../src/faults/text.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const nodes = ['a', 'b', 'c', 'C'];

function errors(text: string, eot = 5): string[] {
  return parseFaults(text, nodes, eot).diagnostics.map((d) => `${d.span.col}-${d.span.endCol}: ${d.message}`);
}

describe('fault sets', () => {
  it('canonical order: omissions by time, from, to, then crashes by node; duplicates removed', () => {
    const f = canonicalFaults([crash('c', 2), omit('b', 'a', 1), omit('a', 'c', 2), crash('a', 3), omit('a', 'b', 2), omit('b', 'a', 1)]);
    expect(f).toEqual([omit('b', 'a', 1), omit('a', 'b', 2), omit('a', 'c', 2), crash('a', 3), crash('c', 2)]);
  });

  it('formats as the --faults syntax, "" for none', () => {
    expect(formatFaults([omit('a', 'b', 1), crash('c', 2)])).toBe('omit(a,b,1) crash(c,2)');
    expect(formatFaults([])).toBe('');
    expect(faultKey(omit('node 1', 'b', 3))).toBe('omit("node 1",b,3)');
  });

  it('parses what it formats (round trip), in canonical order', () => {
    const text = 'crash(C,4) omit(b,a,1),omit(a,b,1) ;  omit( a , c , 2 )';
    const { faults, diagnostics } = parseFaults(text, nodes, 5);
    expect(diagnostics).toEqual([]);
    expect(faults).toEqual([omit('a', 'b', 1), omit('b', 'a', 1), omit('a', 'c', 2), crash('C', 4)]);
    expect(formatFaults(faults)).toBe('omit(a,b,1) omit(b,a,1) omit(a,c,2) crash(C,4)');
    expect(parseFaults(formatFaults(faults), nodes, 5).faults).toEqual(faults);
  });

  it('round-trips node names that need quotes', () => {
    const odd = ['node one', 'x"y'];
    const faults = [omit('node one', 'x"y', 1), crash('x"y', 2)];
    const text = formatFaults(faults);
    expect(text).toBe('omit("node one","x\\"y",1) crash("x\\"y",2)');
    expect(parseFaults(text, odd, 3)).toEqual({ faults, diagnostics: [] });
  });

  it('accepts the empty text and a repeated identical crash', () => {
    expect(parseFaults('  ', nodes, 5)).toEqual({ faults: [], diagnostics: [] });
    expect(parseFaults('crash(a,2) crash(a,2)', nodes, 5)).toEqual({ faults: [crash('a', 2)], diagnostics: [] });
  });

  it('reports each error at its column', () => {
    expect(errors('omit(a,x,1)')).toEqual(['8-9: unknown node "x" (nodes: a, b, c, C)']);
    expect(errors('crash(a,0) crash(b,6)')).toEqual(['9-10: time 0 is outside 1..5 (EOT)', '20-21: time 6 is outside 1..5 (EOT)']);
    expect(errors('omit(a,a,1)')).toEqual(["1-12: omit(a,a,1): a node's messages to itself are never lost; omit needs two different nodes"]);
    expect(errors('crash(a,1) crash(a,2)')).toEqual(['12-22: node "a" crashes twice (at 1 and 2); a node crashes at most once']);
    expect(errors('drop(a,b,1)')).toEqual(['1-5: expected omit(from,to,time) or crash(node,time), found "d"']);
    expect(errors('omit(a,b)')).toEqual(['9-10: expected ",", found ")"']);
    expect(errors('crash(a,x)')).toEqual(['9-10: expected a time (an integer), found "x"']);
    expect(errors('omit(a,b,1')).toEqual(['11-12: expected ")", found end of text']);
  });

  it('keeps checking after a syntax error', () => {
    expect(errors('omit(a b,1) crash(z,1)')).toEqual(['8-9: expected ",", found "b"', '19-20: unknown node "z" (nodes: a, b, c, C)']);
  });

  it('renders with the option text as the source line and a caret', () => {
    const text = 'omit(a,b,1) crash(q,2)';
    const { diagnostics } = parseFaults(text, nodes, 5);
    expect(renderDiagnostics(diagnostics, new Map([['--faults', text]]))).toBe(
      '--faults:1:19: error: unknown node "q" (nodes: a, b, c, C)\n  omit(a,b,1) crash(q,2)\n                    ^\n',
    );
  });
});
