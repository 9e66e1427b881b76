import { defineLibraryConfig } from '../../tsup.base.ts';

// The bot is an application: ESM only (the CLI keeps its shebang and uses top-level await), no
// declarations. Dependencies, the workspace packages included, stay external: `pnpm build` builds
// them first and `pnpm deploy` ships them beside the bot (see the Dockerfile).
export default defineLibraryConfig({
  entry: { cli: 'src/cli.ts' },
  index: false,
  format: ['esm'],
  dts: false,
  target: 'node20',
  // tsup leaves `dependencies` external by itself, not `optionalDependencies`: these stay out of the
  // bundle, loaded (when installed) only by the demo and by pretty logs.
  external: ['@discarr/arr-simulator', 'pino-pretty'],
});
