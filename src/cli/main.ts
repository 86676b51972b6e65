/**
 * The CLI: commander parses, each command module calls the library and prints. Only bin/ldfi.js
 * touches the process (through process-io.ts); this returns the exit code (0 clean, 1 findings,
 * 2 bad input/internal error, 3 a check stopped at --max-runs).
 */
import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { EXIT_BAD_INPUT, ldfiCommand, UsageError, type Io } from './io.js';
import { commands } from './commands.js';
import { escapeControls } from '../syntax/diagnostic.js';
import { processIo } from './process-io.js';

/** For bin/ldfi.js, which imports the compiled CLI through this one module. */
export { processIo };

export const VERSION = '0.1.0';

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const ctx: CliContext = { io, ldfi: io.ldfiCommand ?? ldfiCommand(), setExit: (code) => (exitCode = code) };
  const debug = argv.includes('--debug');
  const program = new Command('ldfi')
    .description('Lineage-driven fault injection for Dedalus protocol specs')
    .version(VERSION)
    .option('--debug', 'show the stack trace of internal errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `ldfi: ${s}` : s),
    });
  // addCommand does not inherit output settings: without this, subcommand usage errors bypass `io`.
  for (const make of commands) program.addCommand(make(ctx).copyInheritedSettings(program).exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (e instanceof UsageError) {
      io.stderr(`ldfi: error: ${escapeControls(e.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`ldfi: internal error: ${err.message}${debug ? `\n${err.stack ?? ''}` : ' (run with --debug for the stack)'}\n`);
    return EXIT_BAD_INPUT;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  // Run directly with tsx during development: `npx tsx src/cli/main.ts run specs/…`.
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
