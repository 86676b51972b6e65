import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, scratchDir, type CliOutcome } from './helpers.js';

const { dir, write: spec } = scratchDir('ldfi-lint-');

const lint = (...args: string[]): Promise<CliOutcome> => captureCli(['lint', ...args]);

const clean = spec(
  'clean.ded',
  [
    'node("a", "b")@1;',
    'bcast("a", "m")@1;',
    'log(N, M) :- bcast(N, M);',
    'log(N, M)@next :- log(N, M);',
    'log(R, M)@async :- bcast(N, M), node(N, R);',
    'pre(N, M) :- log(N, M), notin crash(N, N, _);',
    'post(N, M) :- pre(N, M), log(R, M), node(N, R);',
    '',
  ].join('\n'),
);

describe('ldfi lint', () => {
  it('exits 0 on a clean program and prints the CALM view and a summary', async () => {
    const r = await lint(clean);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'non-monotonic rules (where coordination is needed):',
        `  ${clean}:6:1  pre(N, M) :- …  negation  local`,
        '',
        '0 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('keeps exit 0 when there are only warnings', async () => {
    const file = spec('warn.ded', 'log("a", "m")@1;\ncopy(N, M) :- log(N, M), notin lgo(N, M);\npre(N) :- log(N, _);\npost(N) :- copy(N, _);\n');
    const r = await lint(file);
    expect(r.code).toBe(0);
    // Diagnostics on stderr, the findings summary on stdout.
    expect(r.err).toContain(`${file}:2:32: warning: relation \`lgo\` is never defined — did you mean \`log\`?\n`);
    expect(r.out).not.toContain('warning:');
    expect(r.out.endsWith('0 errors, 1 warning\n')).toBe(true);
  });

  it('warns, exit 0, when the program has no invariant (no pre, or no post), which check would refuse', async () => {
    const none = spec('no-invariant.ded', 'b("x")@1;\na(X) :- b(X);\n');
    const r = await lint(none);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')[0]).toBe(`${none}:1:1: warning: the program defines neither \`pre\` nor \`post\`: \`check\` and \`sweep\` need both, the invariant is that every pre tuple has its post at EOT`);
    expect(r.out).toContain('0 errors, 1 warning');
    const half = spec('pre-only.ded', 'b("x")@1;\npre(X) :- b(X);\n');
    expect((await lint(half)).err).toContain('warning: the program defines `pre` but no `post`');
  });

  it('exits 2 on errors, reporting every file at once, sorted by file and position', async () => {
    const a = spec('a.ded', 'out(N, X) :- log(N, _);\n');
    const b = spec('b.ded', 'log("b", "m", 1)@1;\nlog("b", "m")@2;\n');
    const r = await lint(b, a); // b loads first, so its line 1 sets the arity of `log`
    expect(r.code).toBe(2);
    const headers = r.err.split('\n').filter((l) => /: (error|warning|note): /.test(l));
    expect(headers).toEqual([
      `${a}:1:8: error: variable \`X\` in the head is not bound by a positive body atom (add an atom that binds \`X\` to the body)`,
      `${a}:1:14: error: \`log\` has 2 columns here but 3 at ${b}:1:1`,
      `${b}:1:1: note: \`log\` first used here with 3 columns`,
      `${b}:2:1: error: \`log\` has 2 columns here but 3 at ${b}:1:1`,
      `${b}:1:1: note: \`log\` first used here with 3 columns`,
    ]);
    expect(r.out.endsWith('3 errors, 0 warnings\n')).toBe(true);
  });

  it('stops after load errors and exits 2 without a stack trace', async () => {
    const bad = spec('bad.ded', 'log("a" "m")@1;\n');
    const r = await lint(bad, join(dir, 'missing.ded'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:1:`);
    expect(r.err).toContain(`cannot read file`);
    expect(r.out).toBe('2 errors, 0 warnings\n');
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
  });

  it('--json prints one document with diagnostics and non-monotonic rules', async () => {
    const file = spec('json.ded', 'node("a", "b")@1;\nok(N) :- node(N, _), notin bad(N);\nbad(N)@async :- node(N, M), ok(M);\npre(N) :- node(N, _);\npost(N) :- ok(N);\n');
    const r = await lint(file, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { diagnostics: unknown[]; nonMonotonic: unknown[] };
    expect(doc.diagnostics).toEqual([
      {
        file,
        line: 3,
        col: 29,
        endLine: 3,
        endCol: 34,
        severity: 'warning',
        message: "body spans locations `N` and `M`; protocol rules should read one node's state (send a message with @async)",
        related: [{ file, line: 3, col: 17, endLine: 3, endCol: 27, message: 'this atom is at `N`' }],
      },
    ]);
    expect(doc.nonMonotonic).toEqual([{ file, line: 2, col: 1, rule: 'ok(N) :- node(N, _), notin bad(N);', reasons: ['negation'], feedsMessage: true }]);
  });

  it('writes --json-file even when the diagnostics hold errors: they are its result', async () => {
    const out = join(dir, 'lint-errors.json');
    const r = await lint(clean, join(dir, 'missing.ded'), '--json-file', out);
    expect(r.code).toBe(2);
    const { readFileSync } = await import('node:fs');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { diagnostics: { file: string; message: string }[] };
    expect(doc.diagnostics.map((d) => d.message)).toEqual([`cannot read file '${join(dir, 'missing.ded')}': no such file`]);
  });

  it('rejects a call without files as bad usage', async () => {
    const r = await lint();
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing required argument');
  });
});
