/** Search progress on stderr: redrawn in place on a terminal, an occasional line otherwise (CI logs). */
import { formatFaults } from '../faults/text.js';
import type { Progress } from '../search/explorer.js';
import type { Io } from './io.js';

export interface ProgressPrinter {
  readonly update: (p: Progress) => void;
  readonly finish: () => void;
}

/**
 * `note`, asked at each redraw, is a warning about the running search (printed once, on a line of
 * its own, the first time it is not null): a long search says early why it is long.
 */
export function progressPrinter(io: Io, label: string, note: () => string | null = () => null): ProgressPrinter {
  const every = io.stderrIsTTY ? 100 : 5000;
  let last = 0;
  let drawn = false;
  let noted = false;
  return {
    update: (p) => {
      if (p.elapsedMs - last < every) return;
      last = p.elapsedMs;
      const n = noted ? null : note();
      if (n !== null) {
        noted = true;
        io.stderr(`${drawn ? '\r\x1b[K' : ''}${label}: warning: ${n}\n`);
        drawn = false;
      }
      const line = `${label}: ${p.executions} runs${p.counterexamples > 0 ? `, ${p.counterexamples} counterexamples` : ''}, ${(p.elapsedMs / 1000).toFixed(1)} s, now ${formatFaults(p.current) || '(no faults)'}`;
      if (io.stderrIsTTY) {
        io.stderr(`\r\x1b[K${line.slice(0, 150)}`);
        drawn = true;
      } else io.stderr(`${line}\n`);
    },
    finish: () => {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}
