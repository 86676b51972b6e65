/**
 * The suite as CI runs it (`ldfi suite …`, worker threads included), in a process that reports its
 * own peak resident set to the bench when it is done: a child's peak memory is not visible from
 * its parent.
 */
import { runCli } from '../src/cli/main.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
process.send?.({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }, () => process.disconnect());
