/**
 * `pnpm api:readme`: writes each published package's public API (every export of its
 * `src/index.ts`, with its kind and the first sentence of its TSDoc) into the package README,
 * between `<!-- public-api:start -->` and `<!-- public-api:end -->`. `--check` fails when a README
 * is stale instead (a test runs it), so a README never lists an export that is gone nor misses a
 * new one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const PUBLISHED_PACKAGES = ['arr-sdk', 'arr-simulator', 'monitor'] as const;
const START = '<!-- public-api:start -->';
const END = '<!-- public-api:end -->';

export interface PublicExport {
  name: string;
  kind: 'function' | 'class' | 'constant' | 'type';
  summary: string;
}

function kindOf(symbol: ts.Symbol): PublicExport['kind'] {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Enum)) return 'constant';
  return 'type';
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  const sentence = end === -1 ? flat : flat.slice(0, end + 1);
  return (sentence === '' ? '—' : sentence).replace(/\|/g, '\\|');
}

/** The exports of a package's `src/index.ts`, sorted by name. */
export function publicExports(root: string, pkg: string): PublicExport[] {
  const index = join(root, 'packages', pkg, 'src', 'index.ts');
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@discarr/source'],
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index);
  const moduleSymbol = source ? checker.getSymbolAtLocation(source) : undefined;
  if (!moduleSymbol) throw new Error(`${index}: not a module`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return { name: exported.name, kind: kindOf(target), summary: firstSentence(ts.displayPartsToString(target.getDocumentationComment(checker))) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The README section listing `exports`. */
export function renderSection(exports: readonly PublicExport[]): string {
  const rows = exports.map((entry) => `| \`${entry.name}\` | ${entry.kind} | ${entry.summary} |`);
  return [
    START,
    '<!-- Written by `npx -y pnpm@12.21.0 api:readme` from src/index.ts and its TSDoc; a test fails when it is stale. -->',
    '',
    '| export | kind | what it is |',
    '| --- | --- | --- |',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** The README with its section replaced, or undefined when it has no markers. */
export function withSection(readme: string, section: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

/** Problems of every package README (missing markers, stale list); writes them when `write`. */
export function syncReadmes(root: string, write: boolean): string[] {
  const problems: string[] = [];
  for (const pkg of PUBLISHED_PACKAGES) {
    const path = join(root, 'packages', pkg, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const updated = withSection(readme, renderSection(publicExports(root, pkg)));
    if (updated === undefined) problems.push(`packages/${pkg}/README.md: no ${START} … ${END} section`);
    else if (updated !== readme) {
      if (write) writeFileSync(path, updated);
      else problems.push(`packages/${pkg}/README.md: the public API section is stale (run npx -y pnpm@12.21.0 api:readme)`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const check = process.argv.includes('--check');
  const problems = syncReadmes(root, !check);
  for (const problem of problems) console.error(problem);
  console.log(check ? `public API sections: ${problems.length} stale` : 'public API sections written');
  process.exit(problems.length > 0 ? 1 : 0);
}
