import type { Io } from './io.js';

/** What every command gets: where to write, how ldfi is started here, and how to report its exit code. */
export interface CliContext {
  readonly io: Io;
  /** `ldfi`, or `npx ldfi` when no `ldfi` is on the PATH: the start of every printed replay line. */
  readonly ldfi: string;
  setExit(code: number): void;
}
