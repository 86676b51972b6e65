import type { Io } from './io.js';

/** What every command gets: where to write, and how to report its exit code. */
export interface CliContext {
  readonly io: Io;
  setExit(code: number): void;
}
