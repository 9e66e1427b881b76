/**
 * `pnpm release:dry`: the release as CI would make it, without publishing anything. In a fresh
 * clone of the committed tree (so the working copy is never touched): `changeset version` (new
 * versions, changelogs, internal ranges), build, then for each published package `pnpm pack` and
 * `pnpm publish --dry-run`. Then the packed tarballs are installed with npm into an empty project,
 * each package alone together with the @discarr packages it depends on, exactly as a user installs
 * them from the registry after the release. Prints one line per package and fails on the first
 * problem: a `workspace:` range left in a manifest, an internal range the released version does not
 * satisfy, a tarball that does not install.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM = ['-y', 'pnpm@12.21.0'];
const PUBLISHED = ['arr-sdk', 'arr-simulator', 'monitor'];
const keep = process.argv.includes('--keep');

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
}
const pnpm = (args: readonly string[], cwd: string): string => run('npx', [...PNPM, ...args], cwd);

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

function satisfiesCaret(range: string, version: string): boolean {
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const [major, minor, patch] = version.split('.').map(Number);
  if (!match || major === undefined || minor === undefined || patch === undefined) return range === version;
  const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major !== a) return false;
  // A caret range on 0.x pins the minor (and on 0.0.x the patch), as npm reads it.
  if (a === 0 && minor !== b) return false;
  if (a === 0 && b === 0 && patch !== c) return false;
  return minor > b || (minor === b && patch >= c);
}

const work = mkdtempSync(join(tmpdir(), 'discarr-release-'));
try {
  const repo = join(work, 'repo');
  run('git', ['clone', '--quiet', root, repo], work);
  console.log(`release:dry in ${repo} (a clone of the committed tree)`);
  pnpm(['install', '--frozen-lockfile', '--prefer-offline'], repo);
  const pending = readdirSync(join(repo, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
  console.log(`changesets pending: ${pending.length}`);
  pnpm(['exec', 'changeset', 'version'], repo);
  pnpm(['--filter', './packages/*', 'run', 'build'], repo);

  const packs = join(work, 'packs');
  mkdirSync(packs);
  const released = new Map<string, { manifest: Manifest; tarball: string }>();
  for (const dir of PUBLISHED) {
    const pkgDir = join(repo, 'packages', dir);
    const before = new Set(readdirSync(packs));
    pnpm(['pack', '--pack-destination', packs], pkgDir);
    const tarball = readdirSync(packs).find((file) => !before.has(file));
    if (!tarball) throw new Error(`${dir}: pnpm pack wrote no tarball`);
    const extracted = join(work, `x-${dir}`);
    mkdirSync(extracted);
    run('tar', ['-xzf', join(packs, tarball), '-C', extracted], work);
    const manifest = JSON.parse(readFileSync(join(extracted, 'package', 'package.json'), 'utf8')) as Manifest;
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      if (range.startsWith('workspace:')) throw new Error(`${manifest.name}: dependency ${name} is still ${range} in the packed manifest`);
    }
    pnpm(['publish', '--dry-run', '--no-git-checks'], pkgDir);
    released.set(manifest.name, { manifest, tarball: join(packs, tarball) });
    const files = run('tar', ['-tzf', join(packs, tarball)], work).trim().split('\n').length;
    console.log(`${manifest.name}@${manifest.version}: ${files} files, ${(statSync(join(packs, tarball)).size / 1024).toFixed(1)} KiB packed; publish --dry-run ok`);
  }

  for (const { manifest, tarball } of released.values()) {
    const internal = Object.entries(manifest.dependencies ?? {}).filter(([name]) => released.has(name));
    for (const [name, range] of internal) {
      const version = released.get(name)?.manifest.version ?? '';
      if (!satisfiesCaret(range, version)) throw new Error(`${manifest.name} depends on ${name}@${range}, which the released ${version} does not satisfy`);
    }
    const app = join(work, `install-${manifest.name.replace('/', '-')}`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    const tarballs = [tarball, ...internal.map(([name]) => released.get(name)?.tarball ?? '')];
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], app);
    const withDeps = internal.length > 0 ? ` with ${internal.map(([name, range]) => `${name}@${range}`).join(', ')}` : ' alone';
    console.log(`${manifest.name}@${manifest.version}: installs from its tarball${withDeps}`);
  }
  console.log('release:dry: nothing was published');
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
