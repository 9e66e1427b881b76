import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { publicExports, renderSection, syncReadmes, withSection } from '../public-api.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('public API sections of the package READMEs', () => {
  it('lists every export of index.ts with its kind and the first sentence of its TSDoc', async () => {
    const root = await mkdtemp(join(tmpdir(), 'public-api-'));
    dirs.push(root);
    await mkdir(join(root, 'packages', 'demo', 'src'), { recursive: true });
    await writeFile(
      join(root, 'packages', 'demo', 'src', 'thing.ts'),
      '/** Makes a thing. Then more. */\nexport function makeThing(): number { return 1; }\n/** A thing | with a pipe. */\nexport interface Thing { a: number }\nexport class ThingError extends Error {}\nexport const LIMIT = 3;\n',
    );
    await writeFile(join(root, 'packages', 'demo', 'src', 'index.ts'), "export { makeThing, ThingError, LIMIT, type Thing } from './thing.ts';\n");
    expect(publicExports(root, 'demo')).toEqual([
      { name: 'LIMIT', kind: 'constant', summary: '—' },
      { name: 'makeThing', kind: 'function', summary: 'Makes a thing.' },
      { name: 'Thing', kind: 'type', summary: 'A thing \\| with a pipe.' },
      { name: 'ThingError', kind: 'class', summary: '—' },
    ]);
  });

  it('replaces only what stands between the markers, and nothing without them', () => {
    const section = renderSection([{ name: 'f', kind: 'function', summary: 'Does f.' }]);
    const readme = `# x\n\n<!-- public-api:start -->\nold\n<!-- public-api:end -->\n\n## After\n`;
    const updated = withSection(readme, section);
    expect(updated).toContain('| `f` | function | Does f. |');
    expect(updated).not.toContain('old');
    expect(updated?.endsWith('\n\n## After\n')).toBe(true);
    expect(withSection('# no markers\n', section)).toBeUndefined();
  });

  it('finds the public API section of every package README in step with its index.ts', () => {
    expect(syncReadmes(repoRoot, false)).toEqual([]);
  });
});
