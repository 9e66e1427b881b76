/**
 * Reading the Dockerfile and .dockerignore as Docker does, for the tests that lint them
 * (ops-docker.test.ts) and the one that runs their steps without Docker (docker-steps.test.ts).
 */
import { copyFileSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';

export interface Instruction {
  /** Upper case: `RUN`, `COPY`, ... */
  name: string;
  args: string;
}

export interface Stage {
  /** `FROM` arguments, such as `${NODE_IMAGE} AS build`. */
  from: string;
  /** The name after `AS`, if any. */
  name: string | undefined;
  /** The instructions after `FROM`, up to the next stage. */
  instructions: Instruction[];
}

/** Instructions with their continuation lines joined, comments and the parser directive dropped. */
export function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name = '', ...rest] = line.split(/\s+/);
      return { name: name.toUpperCase(), args: rest.join(' ') };
    });
}

/** The global `ARG`s (before the first `FROM`) with their defaults, and the stages. */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.name === 'FROM') {
      stages.push({ from: instruction.args, name: /\sAS\s+(\S+)$/i.exec(instruction.args)?.[1], instructions: [] });
    } else if (stages.length === 0 && instruction.name === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      args[key] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** The exec form of `ENTRYPOINT`, `CMD` and `HEALTHCHECK ... CMD` (a JSON array). */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** `ENV A=1 B=2` → `{ A: '1', B: '2' }` (values without spaces or quotes, as in this Dockerfile). */
export function envOf(args: string): Record<string, string> {
  const text = args.trim();
  // KEY=value pairs; a value with spaces in double quotes, as Docker reads it (NODE_OPTIONS="--a --b").
  const pair = /([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|[^\s"]*)(?:\s+|$)/y;
  const pairs: [string, string][] = [];
  while (pair.lastIndex < text.length) {
    const match = pair.exec(text);
    if (match === null) throw new Error(`ENV ${args}: only KEY=value pairs are supported here (values with spaces in double quotes)`);
    const [, key = '', value = ''] = match;
    pairs.push([key, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value]);
  }
  return Object.fromEntries(pairs);
}

/** The exclusion patterns of a .dockerignore (`!` exceptions are not used, and refused). */
export function dockerignorePatterns(text: string): string[] {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^\/+/, '').replace(/\/+$/, ''));
  const exception = patterns.find((pattern) => pattern.startsWith('!'));
  if (exception !== undefined) throw new Error(`.dockerignore exception "${exception}" is not supported by this test`);
  return patterns;
}

/**
 * Copies the build context as `docker build` sends it: every file under `root` but those a
 * .dockerignore pattern matches (a matched directory is left out whole). Returns the file count.
 */
export function copyBuildContext(root: string, destination: string, patterns: readonly string[]): number {
  let files = 0;
  const walk = (relative: string): void => {
    mkdirSync(join(destination, relative), { recursive: true });
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (patterns.some((pattern) => matchesGlob(path, pattern))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(join(root, path)), join(destination, path));
      else {
        copyFileSync(join(root, path), join(destination, path));
        files += 1;
      }
    }
  };
  walk('');
  return files;
}
