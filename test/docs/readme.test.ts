/**
 * The README tells the truth: every command it shows after `$ npx ldfi` is run, in order, in a
 * fresh folder holding the files the README has written so far (a code block tagged
 * `dedalus FILE` starts FILE or adds to it after a blank line), and its stdout must be the output shown under it, times aside.
 * The bundled specs/ folder is there too, as in a clone. Replay lines say `npx ldfi`, as they do
 * where ldfi is a dev dependency and not on the PATH.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'ldfi-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Step = { readonly kind: 'file'; readonly name: string; readonly text: string } | { readonly kind: 'command'; readonly line: string; readonly expected: string };

/** The README's code blocks, in order, as files to extend and commands to run. */
function steps(markdown: string): Step[] {
  const out: Step[] = [];
  for (const m of markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [lang, name] = m[1]!.trim().split(/\s+/);
    const body = m[2]!;
    if (lang === 'dedalus' && name) out.push({ kind: 'file', name, text: body });
    if (lang !== 'sh') continue;
    const parts = body.split(/^\$ /m).slice(1);
    for (const part of parts) {
      const [line, ...rest] = part.split('\n');
      out.push({ kind: 'command', line: line!, expected: rest.join('\n') });
    }
  }
  return out;
}

/** Splits a shown command as sh does for bare and single-quoted words. */
function words(line: string): string[] {
  return [...line.matchAll(/(?:'[^']*'|[^\s'])+/g)].map((m) => m[0].replace(/'([^']*)'/g, '$1'));
}

/** Measured times (`elapsed: 0.03 s`, a sweep's time column and its total) become ` T`. */
const untimed = (text: string): string => text.replace(/ +\d+\.\d\d s\b/g, ' T');

describe('README', () => {
  const all = steps(README);

  it('says where the tutorial runs before its first command: npx ldfi finds ldfi only inside the clone', () => {
    const tutorial = README.slice(README.indexOf('## Tutorial'));
    const before = tutorial.slice(0, tutorial.indexOf('$ npx ldfi'));
    expect(before).toMatch(/Work inside your clone, after `npm ci`/);
    expect(before).toContain('npm error 404');
  });

  it('shows commands, and writes every file they read', () => {
    expect(all.filter((s) => s.kind === 'command').length).toBeGreaterThanOrEqual(6);
    expect(all.filter((s) => s.kind === 'file').map((s) => (s as { name: string }).name)).toContain('bcast.ded');
  });

  it('shows the real output of every command, in order', async () => {
    const cwd = process.cwd();
    // Commands on bundled protocols (the sweep's example) read them from specs/, as in a clone.
    cpSync(join(import.meta.dirname, '..', '..', 'specs'), join(dir, 'specs'), { recursive: true });
    process.chdir(dir);
    try {
      for (const step of all) {
        if (step.kind === 'file') {
          // "Add to bcast.ded": after a blank line, as a reader would.
          if (existsSync(step.name)) appendFileSync(step.name, `\n${step.text}`);
          else writeFileSync(step.name, step.text);
          continue;
        }
        const [npx, ldfi, ...args] = words(step.line);
        expect([npx, ldfi], step.line).toEqual(['npx', 'ldfi']);
        let out = '';
        await runCli([...args, ...(args[0] === 'check' ? ['--quiet'] : [])], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'npx ldfi' });
        expect(untimed(out), `$ ${step.line}`).toBe(untimed(step.expected));
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
