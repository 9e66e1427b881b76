/**
 * The one list of test projects. `vitest.config.ts` feeds it to `test.projects` (Vitest 4+ no
 * longer reads a workspace file by itself).
 */
export default [
  'packages/arr-sdk',
  'packages/arr-simulator',
  'packages/monitor',
  'apps/bot',
  'scripts',
];
