import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

const perPackage = Object.fromEntries(
  projects.map((dir) => [`${dir}/src/**`, { lines: 85 }]),
);

export default defineConfig({
  test: {
    projects,
    coverage: {
      provider: 'v8',
      include: projects.map((dir) => `${dir}/src/**/*.ts`),
      exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/generated/**', '**/test/**', '**/test-support/**', '**/bench/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: perPackage,
    },
  },
});
