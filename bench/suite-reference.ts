/**
 * Records the executions of every suite entry at another commit, for the suite table's reference
 * columns (bench/suite-reference.json). The figures are measured, never typed in: this runs that
 * checkout's own CLI (`ldfi suite --json --no-report`) and keeps what it printed.
 *
 *   git worktree add --detach /tmp/ref <commit> && ln -s "$PWD/node_modules" /tmp/ref/node_modules
 *   npx tsx bench/suite-reference.ts /tmp/ref "label"
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SuiteReference {
  readonly label: string;
  readonly commit: string;
  /** Entry name → executions (null: the entry failed to run). */
  readonly executions: Readonly<Record<string, number | null>>;
}

/** The recorded file in the sources' bench/, whether this module runs from there or from dist/bench/. */
export const REFERENCE_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../bench/suite-reference.json' : './suite-reference.json', import.meta.url));

export function readReferences(file = REFERENCE_FILE): SuiteReference[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SuiteReference[]) : [];
}

function record(checkout: string, label: string): void {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: checkout, encoding: 'utf8' }).trim();
  let out: string;
  try {
    out = execFileSync('npx', ['tsx', join(checkout, 'src', 'cli', 'main.ts'), 'suite', '--json', '--no-report', '--quiet'], { cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    // A suite with a failed entry exits 1 and still prints its document.
    out = (e as { stdout?: string }).stdout ?? '';
  }
  const doc = JSON.parse(out) as { entries: { name: string; executions: number | null }[] };
  const executions = Object.fromEntries(doc.entries.map((e) => [e.name, e.executions ?? null]));
  const refs = readReferences().filter((r) => r.label !== label);
  refs.push({ label, commit, executions });
  writeFileSync(REFERENCE_FILE, `${JSON.stringify(refs, null, 2)}\n`);
  process.stderr.write(`${label} (${commit}): ${doc.entries.length} entries recorded in ${REFERENCE_FILE}\n`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [checkout, label] = process.argv.slice(2);
  if (!checkout || !label) {
    process.stderr.write('usage: npx tsx bench/suite-reference.ts CHECKOUT LABEL\n');
    process.exitCode = 2;
  } else record(checkout, label);
}
