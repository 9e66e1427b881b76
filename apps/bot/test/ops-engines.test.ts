/**
 * One answer to "which Node": the published packages and the built bot run on Node >=20.19; the
 * workspace's tools and scripts run on the root devDependency `node`, and pnpm checks engines
 * against that one (`nodeVersion`), so an install on the documented setup (system Node 20, pnpm
 * through npx) prints no "Unsupported engine" warning.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { engines?: { node?: string }; devDependencies?: Record<string, string> };

describe('Node versions', () => {
  it('runtime packages and the bot declare Node >=20.19', () => {
    for (const path of ['packages/arr-sdk/package.json', 'packages/monitor/package.json', 'packages/arr-simulator/package.json', 'apps/bot/package.json']) {
      expect(json(path).engines?.node, path).toBe('>=20.19');
    }
  });

  it('pnpm checks engines against the Node the workspace scripts run on', () => {
    const workspace = parse(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')) as { nodeVersion?: string };
    expect(workspace.nodeVersion).toBe(json('package.json').devDependencies?.node);
  });

  it('the bot is built for Node 20', () => {
    expect(readFileSync(join(ROOT, 'apps/bot/tsup.config.ts'), 'utf8')).toMatch(/target: 'node20'/);
  });
});
