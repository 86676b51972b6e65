/**
 * How a replay line starts: it must run when pasted into the shell the user typed into. ldfi
 * runs here in a real child process with the environment it is given (no `ldfiCommand`
 * injected), started by `npx ldfi` in a scratch project whose `node_modules/.bin/ldfi` runs this
 * checkout's source, and started directly with a crafted PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ldfiCommand } from '../../src/cli/io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = createRequire(import.meta.url).resolve('tsx');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ldfi-command-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = [
  'node("a", "b")@1;',
  'bcast("a", "hello")@1;',
  'node(N, M)@next :- node(N, M);',
  'log(N, P)@next :- log(N, P);',
  'log(N, P) :- bcast(N, P);',
  'log(M, P)@async :- bcast(N, P), node(N, M);',
  'pre(X, P) :- log(X, P);',
  'post(X, P) :- log(X, P), log("b", P);',
  '',
].join('\n');

/** An executable named `ldfi` that runs this checkout's CLI from source, as an installed bin would. */
function ldfiBin(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'ldfi');
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" --import "${TSX}" "${MAIN}" "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const project = join(dir, 'project');
const projectBin = join(project, 'node_modules', '.bin');
ldfiBin(projectBin);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
writeFileSync(join(project, 'bcast.ded'), SPEC);
const globalBin = join(dir, 'global-bin');
ldfiBin(globalBin);

/** The system folders holding node and npm, and nothing else of this machine's PATH. */
const SYSTEM_PATH = [...new Set([dirname(process.execPath), '/usr/bin', '/bin'])].join(':');

/** The environment without anything npm set for the test runner itself (`npm test` sets npm_*). */
function userEnv(path: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'PATH' && k !== 'INIT_CWD') env[k] = v;
  env['PATH'] = path;
  return env;
}

function replayLine(command: string, args: string[], path: string): string {
  const r = spawnSync(command, [...args, 'check', 'bcast.ded', '--eot', '4', '--eff', '2', '--crashes', '0', '-q'], { cwd: project, env: userEnv(path), encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/internal error|command not found/);
  expect(r.status).toBe(1);
  const line = /^ {2}replay: (.*)$/m.exec(r.stdout);
  expect(line, r.stdout).not.toBeNull();
  return line![1]!;
}

describe('the replay line under npx', () => {
  it('says `npx ldfi` when ldfi is only in the project, though npx put its bin folder on the PATH', () => {
    expect(replayLine('npx', ['--no-install', 'ldfi'], SYSTEM_PATH)).toBe("npx ldfi run bcast.ded --eot 4 --nodes a,b --faults 'omit(a,b,1)'");
  });

  it('says `ldfi` when the user also has ldfi on their own PATH', () => {
    expect(replayLine('npx', ['--no-install', 'ldfi'], `${globalBin}:${SYSTEM_PATH}`)).toMatch(/^ldfi run bcast\.ded /);
  });
});

describe('the replay line run directly', () => {
  it('says `ldfi` when the user started it from their PATH', () => {
    expect(replayLine(join(globalBin, 'ldfi'), [], `${globalBin}:${SYSTEM_PATH}`)).toMatch(/^ldfi run bcast\.ded /);
  });

  it('trusts a node_modules/.bin the user put on their PATH themselves, when npm did not start it', () => {
    expect(replayLine(join(projectBin, 'ldfi'), [], `${projectBin}:${SYSTEM_PATH}`)).toMatch(/^ldfi run bcast\.ded /);
  });

  it('says `npx ldfi` when ldfi is not on the PATH at all', () => {
    expect(replayLine(join(projectBin, 'ldfi'), [], SYSTEM_PATH)).toMatch(/^npx ldfi run bcast\.ded /);
  });
});

describe('ldfiCommand', () => {
  const npx = (path: string, extra: Record<string, string> = {}): string => ldfiCommand({ PATH: path, npm_command: 'exec', ...extra });

  it('skips the folders npm adds for the command it starts: every node_modules/.bin and the _npx cache', () => {
    const cache = join(dir, 'home', '.npm', '_npx', '0123abcd', 'node_modules', '.bin');
    ldfiBin(cache);
    expect(npx(`${projectBin}:${cache}:/nonexistent:${SYSTEM_PATH}`)).toBe('npx ldfi');
    expect(npx(`${projectBin}/:${SYSTEM_PATH}`)).toBe('npx ldfi');
    expect(ldfiCommand({ PATH: `${projectBin}:${SYSTEM_PATH}`, npm_lifecycle_event: 'test' })).toBe('npx ldfi');
    expect(ldfiCommand({ PATH: `${projectBin}:${SYSTEM_PATH}`, npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' })).toBe('npx ldfi');
  });

  it('finds ldfi in any other folder of the PATH, under npm or not', () => {
    expect(npx(`${projectBin}:${globalBin}`)).toBe('ldfi');
    expect(ldfiCommand({ PATH: `/nonexistent:${globalBin}` })).toBe('ldfi');
    expect(ldfiCommand({ PATH: projectBin })).toBe('ldfi');
    expect(ldfiCommand({ PATH: '' })).toBe('npx ldfi');
    expect(ldfiCommand({})).toBe('npx ldfi');
  });

  it('needs an executable, not just a file of that name', () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'ldfi'), '');
    expect(ldfiCommand({ PATH: plain })).toBe('npx ldfi');
  });
});
