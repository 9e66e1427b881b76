import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, functionSpans, isHandWrittenSource, measure, TARGETS } from '../source-figures.ts';
import { runScript } from './run-script.ts';
import { useTempTrees } from './temp-tree.ts';

const tree = useTempTrees('figures-');

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('source figures', () => {
  it('counts only hand-written sources, not tests, benches, test support or generated code', () => {
    expect(isHandWrittenSource('packages/a/src/queue.ts')).toBe(true);
    for (const path of ['packages/a/src/queue.test.ts', 'packages/a/src/t.test-d.ts', 'packages/a/src/generated/radarr.ts', 'packages/a/src/test-support/x.ts', 'packages/a/bench/x.bench.ts', 'packages/a/src/x.d.ts', 'packages/a/src/x.js']) {
      expect(isHandWrittenSource(path)).toBe(false);
    }
  });

  it('measures a factory closure with the functions nested inside it', () => {
    const text = `export function factory() {\n  function inner() {\n${lines(3)}\n  }\n  return inner;\n}\nconst arrow = () => 1;\n`;
    const spans = functionSpans('x.ts', text);
    expect(spans.find((s) => s.name === 'factory')).toEqual({ name: 'factory', line: 1, lines: 8 });
    expect(spans.find((s) => s.name === 'inner')?.lines).toBe(5);
    expect(spans.find((s) => s.name === 'arrow')?.lines).toBe(1);
  });

  it('finds a cycle through three modules and a module that imports itself, and none in a chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reports a file, a function and a type-only import cycle over their targets', async () => {
    const root = await tree({
      'packages/p/src/big.ts': `export function huge() {\n${lines(TARGETS.functionLines)}\n}\n${lines(TARGETS.fileLines)}\n`,
      'packages/p/src/a.ts': `import type { B } from './b.ts';\nexport type A = B | 1;\n`,
      'packages/p/src/b.ts': `import type { A } from './a.ts';\nexport type B = A | 2;\n`,
      'packages/p/src/b.test.ts': `import './big.ts';\n${lines(1000)}\n`,
    });
    const figures = await measure(root);
    expect(figures.files).toBe(3);
    expect(figures.largestFile.path).toBe(join('packages', 'p', 'src', 'big.ts'));
    expect(figures.longestFunction).toMatchObject({ name: 'huge', lines: TARGETS.functionLines + 2 });
    expect(figures.cycles).toEqual([[join('packages', 'p', 'src', 'a.ts'), join('packages', 'p', 'src', 'b.ts')]]);
    expect(figures.overTarget).toHaveLength(3);
  });

  it('exits 1 and names what is over its target, and 0 when everything is within', async () => {
    const over = await tree({ 'apps/x/src/a.ts': `import './a.ts';\nexport const a = 1;\n` });
    const failed = await runScript('source-figures.ts', [over], over);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('import cycles: 1 (target 0)');
    expect(failed.stderr).toContain('import cycle: apps/x/src/a.ts');

    const within = await tree({ 'apps/x/src/a.ts': `export function f() {\n${lines(10)}\n}\n` });
    const passed = await runScript('source-figures.ts', [within], within);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('longest function: 12 lines (target ≤ 150) apps/x/src/a.ts:1 f');
  });
});
