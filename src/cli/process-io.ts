/**
 * The Io of the real process, for bin/ldfi.js and for main.ts run directly.
 *
 * A reader that goes away (`ldfi check … | head -1`) ends ldfi at once and quietly, as a shell
 * tool killed by SIGPIPE ends: no stack trace, no more work for nobody to read, and status 141
 * (128 + SIGPIPE), what a shell reports for `yes | head -1`. Not 0: a suite cut short must not
 * pass as clean under `set -o pipefail`; not the command's own code: it is not known yet, and
 * finding it would mean finishing a search whose output is thrown away.
 */
import type { Io } from './io.js';

/** The status of a process whose stdout or stderr was closed by its reader. */
export const EXIT_OUTPUT_CLOSED = 141;

function closedByReader(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null | undefined)?.code === 'EPIPE';
}

/** Writes to `stream`; once its reader has gone, the process ends. */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  // Node reports a failed write as an 'error' event a tick later; a long synchronous search
  // would run on until then, so each write is also looked at as soon as it returns.
  stream.on('error', (e) => {
    if (!closedByReader(e)) throw e;
    process.exit(EXIT_OUTPUT_CLOSED);
  });
  return (text) => {
    if (!stream.errored) stream.write(text);
    if (closedByReader(stream.errored)) process.exit(EXIT_OUTPUT_CLOSED);
  };
}

export function processIo(): Io {
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
