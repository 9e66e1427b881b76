/** What the CLI reads and writes: its streams, environment, directory and the stop signal (injected, so tests run it in-process). */
import type { Environment } from '../config/env-overrides.ts';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  env: Environment;
  cwd: string;
  /** Resolves with the signal's name when the process is asked to stop (SIGINT, SIGTERM). */
  shutdownSignal: () => Promise<string>;
}
