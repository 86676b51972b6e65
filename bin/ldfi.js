#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { processIo, runCli } from '../dist/src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
