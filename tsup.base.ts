/**
 * The one tsup setup every workspace package builds with: ESM + CJS + declarations, from
 * `src/index.ts` (and any extra entries, such as a CLI).
 */
import { defineConfig, type Options } from 'tsup';

export function defineLibraryConfig(extra: Omit<Partial<Options>, 'entry'> & { entry?: Record<string, string>; index?: boolean } = {}) {
  // An application (the bot) has entries of its own and no `src/index.ts`: `index: false`.
  const { entry, index = true, ...rest } = extra;
  return defineConfig({
    entry: { ...(index ? { index: 'src/index.ts' } : {}), ...entry },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
    ...rest,
  });
}
