/**
 * `pnpm figures`: three figures of the hand-written TypeScript sources, each against its target:
 * the largest file (lines), the longest function or factory closure (lines, nested functions
 * included, since a closure's length is what a reader has to hold), and the import cycles between
 * modules (value and type imports alike: a type-only cycle still ties two modules together).
 * Tests, type tests, benches, test support and generated code are left out. Exits 1 when a figure
 * misses its target; CI runs it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const TARGETS = { fileLines: 450, functionLines: 150, cycles: 0 } as const;

const SOURCE_ROOTS = ['packages', 'apps'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', 'test', 'test-support', 'bench', 'coverage']);

/** Whether a path is hand-written source (not a test, a type test, a bench or generated code). */
export function isHandWrittenSource(path: string): boolean {
  if (!path.endsWith('.ts') || path.endsWith('.d.ts')) return false;
  if (/\.test(-d)?\.ts$/.test(path) || /\.bench\.ts$/.test(path) || /\.gen\.ts$/.test(path)) return false;
  return !path.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part));
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(path, out);
    } else if (isHandWrittenSource(path)) {
      out.push(path);
    }
  }
}

/** Every hand-written source under `packages/*\/src` and `apps/*\/src` of `root`. */
export async function listSources(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const top of SOURCE_ROOTS) {
    const packages = await readdir(join(root, top), { withFileTypes: true }).catch(() => []);
    for (const pkg of packages) {
      if (pkg.isDirectory()) await walk(join(root, top, pkg.name, 'src'), files);
    }
  }
  return files.sort();
}

export interface FunctionSpan {
  name: string;
  line: number;
  lines: number;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent as ts.Node | undefined;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name.getText(source);
  }
  return '(anonymous)';
}

/** Every function-like node of a module with its span in lines. */
export function functionSpans(fileName: string, text: string): FunctionSpan[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

/** The relative modules a module imports or re-exports, resolved to absolute `.ts` paths. */
export function relativeImports(fileName: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(fileName), spec.replace(/\.js$/, '.ts')));
}

/** Strongly connected components of more than one module (or a module importing itself). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        connect(next);
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, lowLinks.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) connect(node);
  return cycles;
}

export interface SourceFigures {
  files: number;
  largestFile: { path: string; lines: number };
  longestFunction: { path: string; name: string; line: number; lines: number };
  cycles: string[][];
  overTarget: string[];
}

/** Measures the sources of `root` against {@link TARGETS}. */
export async function measure(root: string): Promise<SourceFigures> {
  const files = await listSources(root);
  const graph = new Map<string, string[]>();
  let largestFile = { path: '', lines: 0 };
  let longestFunction = { path: '', name: '', line: 0, lines: 0 };
  const overTarget: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const path = relative(root, file);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > largestFile.lines) largestFile = { path, lines };
    if (lines > TARGETS.fileLines) overTarget.push(`${path}: ${lines} lines (target ≤ ${TARGETS.fileLines})`);
    for (const span of functionSpans(file, text)) {
      if (span.lines > longestFunction.lines) longestFunction = { path, ...span };
      if (span.lines > TARGETS.functionLines) {
        overTarget.push(`${path}:${span.line} ${span.name}: ${span.lines} lines (target ≤ ${TARGETS.functionLines})`);
      }
    }
    graph.set(file, relativeImports(file, text));
  }
  const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(root, file)));
  for (const cycle of cycles) overTarget.push(`import cycle: ${cycle.join(' -> ')}`);
  return { files: files.length, largestFile, longestFunction, cycles, overTarget };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const figures = await measure(root);
  console.log(`hand-written source files: ${figures.files}`);
  console.log(`largest file: ${figures.largestFile.lines} lines (target ≤ ${TARGETS.fileLines}) ${figures.largestFile.path}`);
  const fn = figures.longestFunction;
  console.log(`longest function: ${fn.lines} lines (target ≤ ${TARGETS.functionLines}) ${fn.path}:${fn.line} ${fn.name}`);
  console.log(`import cycles: ${figures.cycles.length} (target ${TARGETS.cycles})`);
  for (const problem of figures.overTarget) console.error(`  over target: ${problem}`);
  process.exit(figures.overTarget.length > 0 ? 1 : 0);
}
