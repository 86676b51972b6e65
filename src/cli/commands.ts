import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { checkCommand } from './check.js';
import { lintCommand } from './lint.js';
import { runCommand } from './run.js';
import { suiteCommand } from './suite.js';
import { sweepCommand } from './sweep.js';

/** Every subcommand, each built by its own module (`run.ts`, `lint.ts`, …). */
export const commands: ReadonlyArray<(ctx: CliContext) => Command> = [checkCommand, lintCommand, runCommand, suiteCommand, sweepCommand];
