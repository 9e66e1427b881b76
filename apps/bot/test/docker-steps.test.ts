/**
 * The Dockerfile's steps, run without Docker (no engine here). Its instructions are read and
 * carried out in a temporary directory standing for each stage's filesystem:
 *
 * - build stage: the build context copied as .dockerignore leaves it, then every `RUN` as written
 *   (`pnpm install --frozen-lockfile`, the build, `pnpm deploy --prod` to /out) with the pinned
 *   pnpm; the one step that installs pnpm globally is replaced by that same pnpm on the PATH;
 * - runtime stage: /out copied to /app, the image's `ENV`, then the `ENTRYPOINT` as the container
 *   runs it: `--help`, `config check` of the example config with mounted secrets, the demo, and
 *   the compose file's demo profile (both simulators from the image, the bot's `start` against them
 *   and the fake Discord), with the `HEALTHCHECK` command run against it and a SIGTERM stop.
 *
 * Not covered: the base image, `USER node` (the commands run as the test's user) and `chown`,
 * Docker's own COPY and layer semantics, and the compose networking (ports are mapped to free ones).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from './helpers/bot-config.ts';
import { copyBuildContext, dockerignorePatterns, envOf, execForm, parseDockerfile, type Stage } from './helpers/dockerfile.ts';
import { waitFor } from './helpers/wait-for.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'apps/bot/Dockerfile'), 'utf8'));
const PNPM_VERSION = dockerfile.args.PNPM_VERSION ?? '';
const TOKEN = TEST_TOKEN;
const CHANNEL = NOTIFY;

/** The pinned pnpm's executable (from npx's cache; fetched once if the registry is reachable), or why not. */
function findPnpm(): { bin: string } | { reason: string } {
  if (!/^\d+\.\d+\.\d+$/.test(PNPM_VERSION)) return { reason: `the Dockerfile pins no PNPM_VERSION (found "${PNPM_VERSION}")` };
  const found = spawnSync('npx', ['-y', '-p', `pnpm@${PNPM_VERSION}`, '-c', 'command -v pnpm'], { encoding: 'utf8', timeout: 120_000 });
  const bin = found.stdout.trim().split('\n').at(-1) ?? '';
  if (found.status !== 0 || bin === '') return { reason: `pnpm ${PNPM_VERSION} is not available through npx (${found.error?.message ?? found.stderr.trim().split('\n').at(-1) ?? `exit ${String(found.status)}`})` };
  return { bin };
}

const pnpm = findPnpm();

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ReturnType<typeof spawn>>();

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string>; onStdout?: (text: string) => void }): { done: Promise<Finished>; child: ReturnType<typeof spawn> } {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { done, child };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A stage's filesystem: container paths (`/repo`, `/out`, `/app`) live under `root`. */
function fsOf(root: string) {
  const path = (containerPath: string): string => join(root, containerPath);
  /** Absolute paths in a shell command or an argument, moved under `root`. */
  const mapPaths = (text: string): string => text.replace(/(^|[\s=])(\/[A-Za-z][^\s"']*)/g, (_match, before: string, absolute: string) => `${before}${path(absolute)}`);
  return { root, path, mapPaths };
}

const workspace = mkdtempSync(join(tmpdir(), 'discarr-docker-steps-'));
const build = fsOf(join(workspace, 'build'));
const runtime = fsOf(join(workspace, 'runtime'));
/** The `demo` stage: the runtime's filesystem with the deploy that keeps the optional dependencies. */
const demoImage = fsOf(join(workspace, 'demo'));
type ImageFs = typeof runtime;
const shims = join(workspace, 'shims');
/** What the build stage did, for the report of a failure. */
const buildLog: string[] = [];
let imageEnv: Record<string, string> = {};
let entrypoint: string[] = [];
let cmd: string[] = [];
let healthcheck: string[] = [];
let workdir = '/';

/** The test's environment without what vitest and a parent pnpm put in it (NODE_ENV=test, npm_package_*, ...). */
function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === 'NODE_ENV' || key.startsWith('VITEST') || /^(npm_package_|npm_lifecycle_|PNPM_SCRIPT_SRC_DIR$|npm_execpath$|npm_node_execpath$|npm_command$|npm_config_user_agent$|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  // The image's `node` and pnpm come first: Node as the test runs it (24), the pinned pnpm.
  env.PATH = [shims, dirname(process.execPath), env.PATH ?? ''].join(delimiter);
  return env;
}

function stage(name: string): Stage {
  const found = dockerfile.stages.find((one) => one.name === name);
  if (found === undefined) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
}

async function runBuildStage(): Promise<void> {
  const args: Record<string, string> = { ...dockerfile.args };
  let cwd = build.root;
  for (const { name, args: text } of stage('build').instructions) {
    if (name === 'ARG') {
      const [key = '', value] = text.split('=');
      if (value !== undefined) args[key] = value;
    } else if (name === 'WORKDIR') {
      cwd = build.path(text);
      mkdirSync(cwd, { recursive: true });
    } else if (name === 'COPY' && text === '. .') {
      const files = copyBuildContext(ROOT, cwd, dockerignorePatterns(readFileSync(join(ROOT, '.dockerignore'), 'utf8')));
      buildLog.push(`COPY . . (${files} files)`);
    } else if (name === 'RUN') {
      if (/^npm install --global pnpm@\$\{PNPM_VERSION\}$/.test(text)) {
        buildLog.push(`${text}: pnpm ${PNPM_VERSION} put on the PATH instead`);
        continue;
      }
      const started = Date.now();
      const result = await run('sh', ['-c', build.mapPaths(text)], { cwd, env: { ...hostEnv(), ...args } }).done;
      buildLog.push(`RUN ${text}: exit ${String(result.code)} in ${Date.now() - started} ms`);
      if (result.code !== 0) throw new Error(`${buildLog.join('\n')}\nRUN ${text} failed (exit ${String(result.code)})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
    } else {
      throw new Error(`the build stage's ${name} is not carried out by this test: teach it, or keep the stage simple`);
    }
  }
}

function runRuntimeStage(): void {
  for (const { name, args: text } of stage('runtime').instructions) {
    if (name === 'ENV') imageEnv = { ...imageEnv, ...envOf(text) };
    else if (name === 'WORKDIR') {
      workdir = text;
      mkdirSync(runtime.path(text), { recursive: true });
    } else if (name === 'COPY') {
      const words = text.split(' ');
      const [source, target, ...more] = words.filter((word) => !word.startsWith('--'));
      if (!words.includes('--from=build') || source === undefined || target === undefined || more.length > 0) throw new Error(`COPY ${text} is not carried out by this test`);
      // Symbolic links stay links, as Docker's COPY keeps them (pnpm's node_modules is made of them).
      cpSync(build.path(source), runtime.path(target), { recursive: true, verbatimSymlinks: true });
    } else if (name === 'RUN') {
      const result = spawnSync('sh', ['-c', runtime.mapPaths(text)], { env: hostEnv(), encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`RUN ${text} failed: ${result.stderr}`);
    } else if (name === 'ENTRYPOINT') entrypoint = execForm(text);
    else if (name === 'CMD') cmd = execForm(text);
    else if (name === 'HEALTHCHECK') healthcheck = execForm(text.replace(/^.*?\bCMD\s+/, ''));
    else if (!['USER', 'VOLUME', 'EXPOSE', 'LABEL'].includes(name)) throw new Error(`the runtime stage's ${name} is not carried out by this test`);
  }
}

/**
 * The `demo` stage (`FROM runtime AS demo`): the runtime's filesystem, then its `COPY` of the deploy
 * with the optional dependencies over /app (Docker merges it; /out-demo holds all of /out). The last
 * stage (`FROM runtime AS production`) only names the runtime as the default target.
 */
function runDemoStage(): void {
  cpSync(runtime.root, demoImage.root, { recursive: true, verbatimSymlinks: true });
  for (const { name, args: text } of stage('demo').instructions) {
    const words = text.split(' ');
    const [source, target, ...more] = words.filter((word) => !word.startsWith('--'));
    if (name !== 'COPY' || !words.includes('--from=build') || source === undefined || target === undefined || more.length > 0) throw new Error(`the demo stage's ${name} ${text} is not carried out by this test`);
    rmSync(demoImage.path(target), { recursive: true, force: true });
    cpSync(build.path(source), demoImage.path(target), { recursive: true, verbatimSymlinks: true });
  }
  expect(stage('production').instructions).toEqual([]);
}

/** Runs a command in the "container": its WORKDIR, the image's ENV (container paths mapped), only the PATH from outside. */
function inContainer(command: string[], env: Record<string, string> = {}, onStdout?: (text: string) => void, image: ImageFs = runtime) {
  const [program = '', ...args] = command;
  const containerEnv = Object.fromEntries(Object.entries({ ...imageEnv, ...env }).map(([key, value]) => [key, value.startsWith('/') ? image.path(value) : value]));
  return run(program === 'node' ? process.execPath : program, args.map((arg) => (arg.startsWith('/') ? image.path(arg) : arg)), {
    cwd: image.path(workdir),
    env: { PATH: dirname(process.execPath), HOME: image.path('/home/node'), ...containerEnv },
    ...(onStdout === undefined ? {} : { onStdout }),
  });
}

if ('reason' in pnpm) {
  describe('the Dockerfile steps, without Docker', () => {
    it.skip(`skipped: ${pnpm.reason}`, () => undefined);
  });
} else {
  describe(`the Dockerfile steps, without Docker (pnpm ${PNPM_VERSION})`, () => {
    beforeAll(async () => {
      mkdirSync(shims, { recursive: true });
      symlinkSync(pnpm.bin, join(shims, 'pnpm'));
      // `chown node:node` needs the image's user; ownership is what this test cannot check.
      writeFileSync(join(shims, 'chown'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(shims, 'chown'), 0o755);
      await runBuildStage();
      runRuntimeStage();
      runDemoStage();
    }, 240_000);

    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
      rmSync(workspace, { recursive: true, force: true });
    });

    it('deploys the bot alone: its dist, the example config, production dependencies, no link out of /app', () => {
      const app = runtime.path('/app');
      // package.json `files`, plus what pnpm writes: the lockfile and the workspace settings.
      expect(readdirSync(app).sort()).toEqual(['README.md', 'discarr.example.yml', 'dist', 'node_modules', 'package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']);
      expect(existsSync(join(app, 'dist/cli.js'))).toBe(true);
      // The workspace packages are copied in with their dist, not linked to /repo; the simulator
      // (an optional dependency, only for the demo) and pino-pretty are left out.
      expect(existsSync(join(app, 'node_modules/@discarr/arr-simulator'))).toBe(false);
      expect(existsSync(join(app, 'node_modules/pino-pretty'))).toBe(false);
      expect(existsSync(demoImage.path('/app/node_modules/@discarr/arr-simulator/dist/cli.js'))).toBe(true);
      for (const name of ['arr-sdk', 'monitor']) {
        const real = realpathSync(join(app, 'node_modules/@discarr', name));
        expect(real.startsWith(app), `@discarr/${name} resolves to ${real}`).toBe(true);
        expect(existsSync(join(real, 'dist/index.js'))).toBe(true);
      }
      const linksOut = [] as string[];
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isSymbolicLink()) {
            if (!realpathSync(path).startsWith(app)) linksOut.push(path);
          } else if (entry.isDirectory()) walk(path);
        }
      };
      walk(join(app, 'node_modules'));
      expect(linksOut).toEqual([]);
      // Production only: no build or test tool came along.
      const installed = readdirSync(join(app, 'node_modules/.pnpm')).join('\n');
      for (const dev of ['vitest@', 'tsup@', 'typescript@', 'eslint@', 'fast-check@', 'ajv@']) expect(installed).not.toContain(dev);
      expect(lstatSync(join(app, 'node_modules/discord.js')).isSymbolicLink()).toBe(true);
    });

    it('answers --help and --version through the ENTRYPOINT', async () => {
      const help = await inContainer([...entrypoint, '--help']).done;
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('discarr config check');
      const version = await inContainer([...entrypoint, '--version']).done;
      expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'apps/bot/package.json'), 'utf8')) as { version: string }).version);
      expect(cmd).toEqual(['start']);
    });

    it('checks the shipped example config, its secrets mounted as files', async () => {
      mkdirSync(runtime.path('/run/secrets'), { recursive: true });
      writeFileSync(runtime.path('/run/secrets/radarr_api_key'), '0123456789abcdef0123456789abcdef');
      writeFileSync(runtime.path('/run/secrets/sonarr_api_key'), 'fedcba9876543210fedcba9876543210');
      writeFileSync(runtime.path('/run/secrets/discord_token'), TOKEN);
      mkdirSync(runtime.path('/config'), { recursive: true });
      // The example's secret paths are container paths: point them at the "mounted" files.
      writeFileSync(runtime.path('/config/discarr.yml'), runtime.mapPaths(readFileSync(runtime.path('/app/discarr.example.yml'), 'utf8')));
      const check = await inContainer([...entrypoint, 'config', 'check'], { DISCARR_CONFIG: '/config/discarr.yml', DISCORD_TOKEN_FILE: '/run/secrets/discord_token' }).done;
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
      expect(check.stdout).toContain('Configuration OK');
      expect(check.stdout).toContain(`State:  ${runtime.path('/data/discarr-state.json')}`);
      expect(check.stdout).not.toContain(TOKEN);
    });

    it('runs the terminal demo in the demo image, and says what is missing in the production one', async () => {
      const missing = await inContainer([...entrypoint, 'demo', '--duration', '4s']).done;
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('The demo needs @discarr/arr-simulator');
      const demo = await inContainer([...entrypoint, 'demo', '--duration', '4s', '--speed', '40'], {}, undefined, demoImage).done;
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(/Demo stopped \(duration\) after \d+ s: [1-9]\d* notifications/);
    }, 30_000);

    it("runs compose's demo profile: both simulators from the image, `start` against them, healthy, stopped by SIGTERM", async () => {
      const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { entrypoint?: string[]; command?: string[]; environment?: Record<string, string> }> };
      const ports: Record<string, number> = {};
      for (const name of ['radarr-sim', 'sonarr-sim']) {
        const service = compose.services[name];
        const command = [...(service?.entrypoint ?? []), ...(service?.command ?? [])];
        const index = command.findIndex((arg) => arg === '--radarr' || arg === '--sonarr');
        const port = await freePort();
        ports[`${name}:${command[index + 1] ?? ''}`] = port;
        command[index + 1] = String(port);
        let listening = false;
        const simulator = inContainer(command, {}, (stdout) => (listening ||= stdout.includes(`listening on http://0.0.0.0:${port}`)), demoImage);
        await waitFor(() => listening, 15_000, `${name} listening`);
        void simulator.done;
      }
      const discord: FakeDiscord = await startFakeDiscord();
      try {
        const service = compose.services['discarr-demo'];
        // Compose's service names become the free local ports the simulators listen on.
        const env = Object.fromEntries(Object.entries(service?.environment ?? {}).map(([key, value]) => [key, Object.entries(ports).reduce((text, [host, port]) => text.replace(host, `127.0.0.1:${port}`), value)]));
        const httpPort = await freePort();
        // The demo profile reads the token from compose's secret file, as the bot does.
        // (inContainer maps the container path to the stage's directory.)
        expect(env.DISCORD_TOKEN_FILE).toBe('/run/secrets/discord_token');
        mkdirSync(demoImage.path('/run/secrets'), { recursive: true });
        writeFileSync(demoImage.path('/run/secrets/discord_token'), `${TOKEN}\n`);
        const bot = inContainer([...entrypoint, ...(service?.command ?? cmd)], { ...env, DISCORD_CHANNEL_ID: CHANNEL, DISCARR_DISCORD_REST_API: discord.restApi, DISCARR_HTTP_PORT: String(httpPort) }, undefined, demoImage);
        await waitFor(() => discord.channelMessages(CHANNEL).length > 0, 20_000, 'the board from the container');
        // The image's HEALTHCHECK command, as Docker runs it in the container.
        let health: Finished | undefined;
        const deadline = Date.now() + 20_000;
        do {
          if (health !== undefined) await new Promise((resolve) => setTimeout(resolve, 250));
          health = await inContainer(healthcheck, { DISCARR_HTTP_PORT: String(httpPort) }, undefined, demoImage).done;
        } while (health.code !== 0 && Date.now() < deadline);
        expect(health.code).toBe(0);
        bot.child.kill('SIGTERM');
        const stopped = await bot.done;
        expect(stopped.code, stopped.stderr).toBe(0);
        expect(stopped.stdout).toContain('"signal":"SIGTERM"');
        expect(stopped.stdout).not.toContain(TOKEN);
        expect(existsSync(demoImage.path('/data/discarr-state.json'))).toBe(true);
      } finally {
        await discord.close();
      }
    }, 60_000);
  });
}
