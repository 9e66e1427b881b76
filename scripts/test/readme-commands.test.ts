import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkReadmes, shellLines } from '../readme-commands.ts';
import { useTempTrees } from './temp-tree.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const repo = useTempTrees('readmes-');

const fence = '```';
const pkg = (name: string, scripts: Record<string, string>, bin?: Record<string, string>) => JSON.stringify({ name, scripts, bin });

describe('README shell commands', () => {
  it('reads shell blocks only, without comments, with continuations joined', () => {
    const md = `${fence}sh\n# a comment\nA=1 B=2 \\\n  npx -y pnpm@12.21.0 demo   # trailing\n${fence}\n${fence}ts\npnpm nope\n${fence}\n`;
    expect(shellLines(md)).toEqual(['A=1 B=2    npx -y pnpm@12.21.0 demo']);
  });

  it('names bare pnpm, a missing script, a missing filter package, a missing file, a missing folder and an unpublished install', async () => {
    const root = await repo({
      'package.json': pkg('root', { demo: 'x', test: 'y' }),
      'apps/bot/package.json': pkg('@x/bot', { build: 'tsup', discarr: 'node src/cli.ts' }, { discarr: './dist/cli.js' }),
      'README.md': [
        `${fence}sh`,
        'npx -y pnpm@12.21.0 install && npx -y pnpm@12.21.0 demo',
        'npx -y pnpm@12.21.0 test',
        'pnpm demo',
        'npx -y pnpm@12.21.0 bench',
        'npx -y pnpm@12.21.0 --filter @x/bot discarr start',
        'npx -y pnpm@12.21.0 --filter @x/nothing build',
        'node apps/bot/dist/cli.js start',
        'node apps/bot/dist/other.js',
        'cd apps/bot && npx -y pnpm@12.21.0 discarr',
        'cd apps/none',
        'npm install @x/thing @discarr/arr-sdk',
        'mysterious --flag',
        fence,
      ].join('\n'),
    });
    const problems = checkReadmes(root);
    expect(problems).toEqual([
      expect.stringContaining('`pnpm demo`: bare `pnpm` is not installed'),
      expect.stringContaining('pnpm bench: no such script in root'),
      expect.stringContaining('--filter @x/nothing: no such workspace package'),
      expect.stringContaining('node apps/bot/dist/other.js: no such file'),
      expect.stringContaining('cd apps/none: no such folder'),
      expect.stringContaining('@discarr packages are not on the registry yet'),
      expect.stringContaining('mysterious: not a script'),
    ]);
  });

  it('finds every command of every README of this repository working as written', () => {
    expect(checkReadmes(repoRoot)).toEqual([]);
  });
});
