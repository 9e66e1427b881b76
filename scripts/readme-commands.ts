/**
 * Reads the shell blocks of every README and checks that each command names something that
 * exists on the documented setup (Node 20 + npm, pnpm only through `npx -y pnpm@<version>`): a
 * script of the package it runs in, a pnpm command, a binary the workspace installs, a file or a
 * folder of the repository, or a common system command. `pnpm readme:check` prints what does not;
 * a test runs the same check.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Commands a user's machine has without the workspace (the README documents Docker, not installs it). */
const SYSTEM_COMMANDS = new Set(['cd', 'mkdir', 'printf', 'echo', 'cat', 'cp', 'export', 'git', 'docker', 'curl', 'ls', 'tar', 'node', 'npm', 'npx']);
/** pnpm's own commands that take no script name. */
const PNPM_COMMANDS = new Set(['install', 'i', 'add', 'remove', 'update', 'deploy', 'pack', 'publish', 'why', 'list', 'ls', 'dlx', 'store']);

interface PackageInfo {
  dir: string;
  name: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
}

function readPackage(root: string, dir: string): PackageInfo | undefined {
  const path = join(root, dir, 'package.json');
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; scripts?: Record<string, string>; bin?: Record<string, string> | string };
  const bin = typeof json.bin === 'string' ? { [json.name ?? dir]: json.bin } : (json.bin ?? {});
  return { dir, name: json.name ?? dir, scripts: json.scripts ?? {}, bin };
}

/** The root package and every workspace package (`packages/*`, `apps/*`). */
export function workspacePackages(root: string): PackageInfo[] {
  const found: PackageInfo[] = [];
  const rootPackage = readPackage(root, '.');
  if (rootPackage) found.push(rootPackage);
  for (const top of ['packages', 'apps']) {
    const dirs = existsSync(join(root, top)) ? readdirSync(join(root, top), { withFileTypes: true }) : [];
    for (const dir of dirs) {
      const info = dir.isDirectory() ? readPackage(root, join(top, dir.name)) : undefined;
      if (info) found.push(info);
    }
  }
  return found;
}

/** The command lines of a README's shell blocks (comments removed, continuations joined). */
export function shellLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```(?:bash|sh|shell|console)\s*\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  const commands: string[] = [];
  for (const block of blocks) {
    const lines = block.replace(/\\\n/g, ' ').split('\n');
    for (const line of lines) {
      const code = line.replace(/(^|\s)#.*$/, '').trim();
      if (code !== '') commands.push(code);
    }
  }
  return commands;
}

function words(command: string): string[] {
  const all = command.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  let start = 0;
  // Leading `NAME=value` assignments set the environment; the command follows them.
  while (start < all.length && /^[A-Z_][A-Z0-9_]*=/.test(all[start] ?? '')) start++;
  return all.slice(start);
}

/** Checks one command run from `cwd` (relative to the repository root); returns the problem or undefined. */
export function checkCommand(root: string, cwd: string, command: string, packages: PackageInfo[]): string | undefined {
  const [head, ...args] = words(command);
  if (head === undefined) return undefined;
  const here = packages.find((p) => normalize(p.dir) === normalize(cwd)) ?? packages[0];
  if (head === 'pnpm') return `bare \`pnpm\` is not installed by the quick start: write \`npx -y pnpm@12.21.0 ${args.join(' ')}\``;
  if (head === 'npx') {
    const rest = args[0] === '-y' ? args.slice(1) : args;
    const [tool, ...toolArgs] = rest;
    if (tool !== undefined && /^pnpm@\d/.test(tool)) return checkPnpm(root, cwd, toolArgs, packages, here);
    if (tool !== undefined && !existsSync(join(root, 'node_modules', '.bin', tool)) && args[0] !== '-y') return `npx ${tool}: no such binary in the workspace`;
    return undefined;
  }
  if (head === 'npm' && (args[0] === 'install' || args[0] === 'i')) {
    const published = args.find((arg) => arg.startsWith('@discarr/'));
    if (published) return `npm install ${published}: @discarr packages are not on the registry yet; install the packed tarball`;
  }
  if (head === 'node' && args[0] !== undefined && !args[0].startsWith('-')) return checkFile(root, cwd, args[0], packages);
  if (head === 'cd') return args[0] !== undefined && !existsSync(join(root, cwd, args[0])) ? `cd ${args[0]}: no such folder` : undefined;
  if (SYSTEM_COMMANDS.has(head)) return undefined;
  if (packages.some((p) => head in p.bin)) return undefined;
  return `${head}: not a script, a workspace binary or a known system command`;
}

function checkFile(root: string, cwd: string, file: string, packages: PackageInfo[]): string | undefined {
  const path = normalize(join(cwd, file));
  if (existsSync(join(root, path))) return undefined;
  // A built file (dist/) exists after `build`: accept it when its package builds and ships it.
  const owner = packages.find((p) => p.dir !== '.' && path.startsWith(normalize(p.dir) + '/'));
  if (owner && 'build' in owner.scripts && /\/dist\//.test(path)) {
    const inPackage = relative(owner.dir, path);
    if (Object.values(owner.bin).some((bin) => normalize(bin) === normalize(inPackage))) return undefined;
  }
  return `node ${file}: no such file`;
}

function checkPnpm(root: string, cwd: string, args: string[], packages: PackageInfo[], here: PackageInfo | undefined): string | undefined {
  let target = here;
  let i = 0;
  while (i < args.length && (args[i] ?? '').startsWith('-')) {
    const flag = args[i] ?? '';
    if (flag === '--filter' || flag === '-F') {
      const name = args[i + 1];
      target = packages.find((p) => p.name === name);
      if (!target) return `--filter ${String(name)}: no such workspace package`;
      i += 2;
    } else if (flag === '-C' || flag === '--dir') {
      const dir = normalize(join(cwd, args[i + 1] ?? ''));
      target = packages.find((p) => normalize(p.dir) === dir);
      if (!target) return `${flag} ${String(args[i + 1])}: no package there`;
      i += 2;
    } else {
      i++;
    }
  }
  const [sub, name] = [args[i], args[i + 1]];
  if (sub === undefined || PNPM_COMMANDS.has(sub)) return undefined;
  if (sub === 'exec') {
    const bins = [join(root, 'node_modules', '.bin', name ?? ''), join(root, target?.dir ?? '.', 'node_modules', '.bin', name ?? '')];
    return name !== undefined && bins.some((bin) => existsSync(bin)) ? undefined : `pnpm exec ${String(name)}: no such binary`;
  }
  const script = sub === 'run' ? name : sub;
  // `<script>` is a placeholder the text explains, not a command to copy.
  if (script !== undefined && /^<[^>]+>$/.test(script)) return undefined;
  if (script !== undefined && target && script in target.scripts) return undefined;
  return `pnpm ${String(script)}: no such script in ${target?.name ?? 'the root package'}`;
}

/** Commands written inline (`` `pnpm test` ``) in prose and tables: a reader copies those too. */
export function inlineCommands(markdown: string): string[] {
  const outsideBlocks = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...outsideBlocks.matchAll(/`((?:pnpm|npx -y pnpm@[\d.]+) [^`]+)`/g)].map((match) => match[1] ?? '');
}

/** Every README of the repository (root, packages, apps, openapi). */
export function readmes(root: string): string[] {
  const found = ['README.md', 'openapi/README.md'].filter((path) => existsSync(join(root, path)));
  for (const pkg of workspacePackages(root)) if (pkg.dir !== '.' && existsSync(join(root, pkg.dir, 'README.md'))) found.push(join(pkg.dir, 'README.md'));
  return found;
}

/** The problems of every README's shell commands, as `README path: command: problem`. */
export function checkReadmes(root: string): string[] {
  const packages = workspacePackages(root);
  const problems: string[] = [];
  for (const readme of readmes(root)) {
    const markdown = readFileSync(join(root, readme), 'utf8');
    for (const line of [...shellLines(markdown), ...inlineCommands(markdown)]) {
      let cwd = '.';
      for (const part of line.split(/&&|\|\||;|\|/).map((text) => text.trim()).filter((text) => text !== '')) {
        const problem = checkCommand(root, cwd, part, packages);
        if (problem) problems.push(`${readme}: \`${part}\`: ${problem}`);
        const [head, dir] = words(part);
        if (head === 'cd' && dir !== undefined) cwd = normalize(join(cwd, dir));
      }
    }
  }
  return problems;
}

if (process.argv[1] && normalize(process.argv[1]) === normalize(fileURLToPath(import.meta.url))) {
  const problems = checkReadmes(join(dirname(fileURLToPath(import.meta.url)), '..'));
  for (const problem of problems) console.error(problem);
  console.log(`README commands: ${problems.length} problem(s)`);
  process.exit(problems.length > 0 ? 1 : 0);
}
