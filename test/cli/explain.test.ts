/**
 * `ldfi check` explains what it finds: `because …` lines under a counterexample, the same tree in
 * `--json`, and a warning (text and JSON) when a certificate is vacuous because `pre` is empty.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SIMPLE = relative(process.cwd(), join(ROOT, 'specs', 'simple-broadcast.ded'));
const dir = mkdtempSync(join(tmpdir(), 'ldfi-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['check', ...args, '--quiet'], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const VACUOUS = 'node("a", "b")@1;\nbcast("a", "hi")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\npre(X, P) :- log(X, P), X == "z";\npost(X, P) :- log(X, P);\n';

describe('ldfi check explains a counterexample', () => {
  it('simple broadcast: the because lines name the appeared missing_log tuple and the lost message', async () => {
    const r = await check(SIMPLE, '--eot', '6', '--eff', '3');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    // Whichever receiver the search picked to lose the broadcast, the explanation names it.
    const lost = /faults: omit\(a,([bc]),1\)$/.exec(lines.find((l) => l.includes('faults:'))!)![1]!;
    const because = lines.filter((l) => l.trimStart().startsWith('because '));
    expect(because.length).toBeGreaterThanOrEqual(3);
    expect(because.some((l) => l.includes(`missing_log("${lost}", "hello") appeared`))).toBe(true);
    expect(because.some((l) => l.includes(`the message log("${lost}", "hello") a→${lost} sent at t=1 was lost: omit(a,${lost},1)`))).toBe(true);
    // Under the verdict, before the replay line; each level indented two more spaces.
    const first = lines.findIndex((l) => l.trimStart().startsWith('because '));
    expect(first).toBeGreaterThan(lines.findIndex((l) => l.startsWith('counterexample in run')));
    expect(first).toBeLessThan(lines.findIndex((l) => l.trimStart().startsWith('replay:')));
    expect(because.map((l) => l.length - l.trimStart().length)).toEqual([2, 4, 6, 8]);
    expect(lines.some((l) => l.startsWith('  hint: ') && l.includes('retry it until acknowledged') && l.endsWith('(specs/simple-broadcast.ded:11)'))).toBe(true);
  });

  it('--json has the same tree as an explanation list, and the hints', async () => {
    const r = await check(SIMPLE, '--eot', '6', '--eff', '3', '--json');
    const doc = JSON.parse(r.out) as {
      faults: string;
      explanation: { pre: string; kind: string; tuple: string; time: number; children: { kind: string; tuple: string; children: { children: { kind: string; fault: string }[] }[] }[] }[];
      hints: { kind: string; rule: string }[];
      warnings: unknown[];
    };
    const lost = /^omit\(a,([bc]),1\)$/.exec(doc.faults)![1]!;
    const other = lost === 'b' ? 'c' : 'b';
    expect(doc.explanation).toHaveLength(1);
    const [e] = doc.explanation;
    expect([e!.pre, e!.kind, e!.tuple, e!.time]).toEqual([`pre("${other}", "hello")`, 'not-derived', `post("${other}", "hello")`, 6]);
    expect([e!.children[0]!.kind, e!.children[0]!.tuple]).toEqual(['appeared', `missing_log("${lost}", "hello")`]);
    expect(e!.children[0]!.children[0]!.children[0]).toMatchObject({ kind: 'lost-message', fault: doc.faults });
    expect(doc.hints).toEqual([expect.objectContaining({ kind: 'single-send', rule: 'specs/simple-broadcast.ded:11' })]);
    expect(doc.warnings).toEqual([]);
  });
});

describe('ldfi check names every fault a counterexample needs', () => {
  const PBA = relative(process.cwd(), join(ROOT, 'specs', 'primary-backup-async.ded'));
  type Node = { kind: string; fault: string | null; children: Node[] };
  const all = (n: Node): Node[] => [n, ...n.children.flatMap(all)];

  it('primary-backup-async: the omission and the crash that killed the re-send, in text and JSON', async () => {
    const r = await check(PBA, '--eot', '6', '--eff', '3', '--crashes', '1');
    expect(r.code).toBe(1);
    expect(r.out).toContain('faults: omit(a,b,2) crash(a,3)');
    const because = r.out.split('\n').filter((l) => l.trimStart().startsWith('because '));
    expect(because.some((l) => l.includes('was lost: omit(a,b,2)'))).toBe(true);
    expect(because.some((l) => l.includes('because a had crashed (crash(a,3)), so its message forward("b", "a", "w") to b sent at t=3–5 was lost'))).toBe(true);
    const doc = JSON.parse((await check(PBA, '--eot', '6', '--eff', '3', '--crashes', '1', '--json')).out) as { explanation: Node[] };
    const leaves = doc.explanation.flatMap(all).filter((n) => n.kind === 'lost-message' || n.kind === 'crashed-sender');
    expect(leaves.map((n) => [n.kind, n.fault])).toEqual([
      ['lost-message', 'omit(a,b,2)'],
      ['crashed-sender', 'crash(a,3)'],
    ]);
  });
});

describe('ldfi check warns about a vacuous certificate', () => {
  const file = join(dir, 'vacuous.ded');
  writeFileSync(file, VACUOUS);

  it('text: certified, then a warning that pre is empty, naming the pre rule', async () => {
    const r = await check(file, '--eot', '4', '--nodes', 'a,b');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^certified: /);
    expect(lines[1]).toBe(
      `  warning: pre is empty in the fault-free run at EOT=4: the invariant asks for nothing, so no fault can break it and the verdict says nothing about the protocol; check the pre rules (${file}:6)`,
    );
  });

  it('JSON: the warning in "warnings", no explanation', async () => {
    const doc = JSON.parse((await check(file, '--eot', '4', '--nodes', 'a,b', '--json')).out) as { verdict: string; warnings: { kind: string }[]; explanation: unknown[] };
    expect(doc.verdict).toBe('certified');
    expect(doc.warnings.map((w) => w.kind)).toEqual(['vacuous']);
    expect(doc.explanation).toEqual([]);
  });

  it('a pre that no run within the bounds can hold (not even with faults) is said to be empty in every run', async () => {
    const never = join(dir, 'never.ded');
    writeFileSync(never, VACUOUS.replace('X == "z";', 'X == "z", notin crash(X, X, _);'));
    const r = await check(never, '--eot', '4', '--nodes', 'a,b', '--crashes', '1');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(/^ {2}warning: pre is empty in every run within the bounds at EOT=4: /);
  });

  it('no warning when pre is empty without faults but faults create pre tuples (certified from the fault-free run alone)', async () => {
    const r = await check(relative(process.cwd(), join(ROOT, 'specs', 'heartbeat.ded')), '--eot', '6', '--eff', '0', '--crashes', '1');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('warning:');
  });

  it('no warning for a certificate whose pre has tuples', async () => {
    const r = await check(relative(process.cwd(), join(ROOT, 'specs', 'retry-broadcast.ded')), '--eot', '6', '--eff', '3');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('warning:');
  });
});
