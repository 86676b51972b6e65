/** Printers for `ldfi run`: one RunResult → text or one JSON document. Pure; the command does the I/O. */
import { faultKey, formatFaults, formatName, formatNodes } from '../faults/text.js';
import type { Message, RunResult, Tuple } from '../sim/types.js';
import { formatTuple } from '../terms/values.js';

export interface RunPrintOptions {
  /** The spec files, as given on the command line. */
  readonly files: readonly string[];
  /** Only the tables at EOT. */
  readonly final: boolean;
}

function shownTimes(r: RunResult, final: boolean): number[] {
  const times = r.tables.map((_, i) => i + 1);
  return final ? times.slice(-1) : times;
}

function fate(m: Message): string {
  return m.lostBy === null ? `delivered at ${m.sendTime + 1}` : `LOST by ${faultKey(m.lostBy)}`;
}

export function invariantLine(r: RunResult): string {
  const inv = r.invariant;
  if (!inv.checked) return 'no invariant (pre/post not defined)\n';
  if (inv.holds) return `invariant holds at EOT=${r.eot}: pre ⊆ post\n`;
  return `invariant VIOLATED at EOT=${r.eot}: ${inv.missing.length} pre tuple${inv.missing.length === 1 ? '' : 's'} without post\n` + inv.missing.map((t) => `  ${formatTuple('pre', t)}\n`).join('');
}

export function formatRunText(r: RunResult, opts: RunPrintOptions): string {
  const out: string[] = [];
  out.push(`files:  ${opts.files.join(', ')}\n`);
  out.push(`nodes:  ${formatNodes(r.nodes, ', ')}\n`);
  out.push(`EOT:    ${r.eot}\n`);
  out.push(`faults: ${r.faults.length === 0 ? 'none' : formatFaults(r.faults)}\n`);
  for (const t of shownTimes(r, opts.final)) {
    const table = r.tables[t - 1]!;
    out.push(`\ntime ${t}${t === r.eot ? ' (EOT)' : ''}\n`);
    if (table.size === 0) out.push('  (no tuples)\n');
    for (const [rel, tuples] of table) for (const tuple of tuples) out.push(`  ${formatTuple(rel, tuple)}\n`);
  }
  out.push(`\nmessages: ${r.messages.length === 0 ? 'none' : r.messages.length}\n`);
  const lost = r.messages.filter((m) => m.lostBy !== null).length;
  if (r.messages.length > 0) {
    const rows = r.messages.map((m) => [`t=${m.sendTime}`, `${formatName(m.from)} → ${formatName(m.to)}`, formatTuple(m.relation, m.tuple), fate(m)]);
    // A loop, not Math.max(...rows): a long run has more messages than a call has room for arguments.
    const widths = [0, 0, 0];
    for (const row of rows) for (let c = 0; c < 3; c++) widths[c] = Math.max(widths[c]!, row[c]!.length);
    for (const row of rows) out.push(`  ${row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ')}\n`);
    out.push(`  (${r.messages.length - lost} delivered, ${lost} lost)\n`);
  }
  out.push('\n');
  out.push(invariantLine(r));
  return out.join('');
}

/** Tuples as JSON arrays of their values (strings stay strings, numbers numbers). */
function tupleJson(t: Tuple): (string | number)[] {
  return [...t];
}

export function formatRunJson(r: RunResult, opts: RunPrintOptions): string {
  const doc = {
    files: [...opts.files],
    nodes: [...r.nodes],
    eot: r.eot,
    faults: {
      text: formatFaults(r.faults),
      list: r.faults.map((f) => (f.kind === 'omit' ? { kind: f.kind, from: f.from, to: f.to, time: f.time } : { kind: f.kind, node: f.node, time: f.time })),
    },
    tables: shownTimes(r, opts.final).map((t) => {
      const relations: Record<string, (string | number)[][]> = {};
      for (const [rel, tuples] of r.tables[t - 1]!) relations[rel] = tuples.map(tupleJson);
      return { time: t, relations };
    }),
    messages: r.messages.map((m) => ({
      sendTime: m.sendTime,
      from: m.from,
      to: m.to,
      relation: m.relation,
      tuple: tupleJson(m.tuple),
      delivered: m.lostBy === null,
      arrival: m.sendTime + 1,
      lostBy: m.lostBy === null ? null : faultKey(m.lostBy),
    })),
    invariant: {
      checked: r.invariant.checked,
      holds: r.invariant.holds,
      missing: r.invariant.missing.map(tupleJson),
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
