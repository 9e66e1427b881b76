import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@discarr/source'] },
  ssr: { resolve: { conditions: ['@discarr/source'] } },
  test: {
    name: '@discarr/monitor',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
