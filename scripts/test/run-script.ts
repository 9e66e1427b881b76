/** Runs one of the repository's scripts as CI does: a child process on this Node, in a given directory. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: readonly string[], cwd: string): Promise<ScriptRun> {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [path, ...args], { cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
