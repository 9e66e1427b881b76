#!/usr/bin/env node
/** Entry point of the `discarr` command; the work is in `cli/run-cli.ts`. */
import { runCli } from './cli/run-cli.ts';

/**
 * After the command returns, the process exits by itself once its output is written; what a
 * library leaves behind (discord.js's reconnect timer while Discord is unreachable) may not keep it
 * alive longer than this.
 */
const EXIT_GRACE_MS = 1_000;

/** The first SIGINT or SIGTERM asks for a graceful stop; a second one forces the exit. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) {
        process.stderr.write(`\n${signal} again: exiting without waiting\n`);
        process.exit(130);
      }
      asked = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), shutdownSignal });
} catch (error) {
  process.stderr.write(`discarr: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
setTimeout(() => {
  process.exit();
}, EXIT_GRACE_MS).unref();
