import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

// Coverage is measured over the packages' and the bot's sources; the scripts project tests CI's own
// scripts, which run as child processes and are not measured.
const measured = projects.filter((dir) => dir.startsWith('packages/') || dir.startsWith('apps/'));
const perPackage = Object.fromEntries(measured.map((dir) => [`${dir}/src/**`, { lines: 85 }]));

export default defineConfig({
  test: {
    projects,
    coverage: {
      provider: 'v8',
      include: measured.map((dir) => `${dir}/src/**/*.ts`),
      exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/generated/**', '**/test/**', '**/test-support/**', '**/bench/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: perPackage,
    },
  },
});
