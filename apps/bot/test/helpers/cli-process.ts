/**
 * `discarr` as a real child process (Node 24 strips the types of src/cli.ts): for what is the
 * process's own behaviour: signals, exit codes, state files, the time it takes to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNPRIVILEGED } from './unprivileged.ts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli.ts');

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves on exit with the code (or signal) and the ms since `start` was called. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves when stdout holds `text`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<string>;
}

export interface CliSpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Run so that file modes apply, which root ignores (see `UNPRIVILEGED`). */
  unprivileged?: boolean;
}

export function startCli(args: readonly string[], options: CliSpawnOptions): CliProcess {
  const how = options.unprivileged === true ? UNPRIVILEGED : undefined;
  if (how?.how === 'unavailable') throw new Error(`cannot run the CLI without root's power over files: ${how.reason}`);
  const command = [...(how?.how === 'setpriv' ? how.prefix : []), process.execPath, '--conditions=@discarr/source', CLI, ...args];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(how?.how === 'user' ? { uid: how.uid, gid: how.gid } : {}),
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      for (const wake of waiters) wake();
      resolve({ code, signal, at: Date.now() });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(text, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const found = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${String(text)} in the output within ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        function check(): void {
          if (found()) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(out);
          } else if (done) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`exited before ${String(text)} was printed:\n${out}\n${err}`));
          }
        }
        waiters.add(check);
        check();
      });
    },
  };
}

/** The `url` of the JSON log line "HTTP server listening". */
export function httpUrlOf(stdout: string): string {
  const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"HTTP server listening"/.exec(stdout);
  if (!match?.[1]) throw new Error(`no "HTTP server listening" line in:\n${stdout}`);
  return match[1];
}
