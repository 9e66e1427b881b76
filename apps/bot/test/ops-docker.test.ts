/**
 * The Dockerfile and docker-compose.yml cannot be built here (no Docker engine), so this lints the
 * directives that matter: multi-stage, Node 24, the pnpm of CI, a non-root user, the health
 * check on /healthz, state in a volume; and the compose file's bot and demo profile. The build and
 * run steps themselves are run, without Docker, by docker-steps.test.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesGlob } from 'node:path';
import { spawnSync } from 'node:child_process';
import { dockerignorePatterns, envOf, execForm, instructions } from './helpers/dockerfile.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dockerfile = readFileSync(join(ROOT, 'apps/bot/Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

const KNOWN = new Set(['FROM', 'RUN', 'COPY', 'ENV', 'ARG', 'WORKDIR', 'USER', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD', 'LABEL']);

describe('Dockerfile', () => {
  const all = instructions(dockerfile);
  const stages = all.filter((instruction) => instruction.name === 'FROM');
  // The runtime stage, up to the demo stage built on it (the last stage only names it).
  const runtime = all.slice(all.indexOf(stages[1]!), all.indexOf(stages[2]!));

  it('uses only known instructions', () => {
    expect(all.filter((instruction) => !KNOWN.has(instruction.name))).toEqual([]);
  });

  it('builds in one stage and runs from a slim Node 24 image in another', () => {
    expect(stages.map((stage) => stage.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime', 'runtime AS demo', 'runtime AS production']);
    const [tag, digest] = (all.find((instruction) => instruction.name === 'ARG')?.args ?? '').split('@');
    expect(tag).toMatch(/^NODE_IMAGE=node:24-(slim|alpine)$/);
    if (digest !== undefined) expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(runtime.some((instruction) => instruction.name === 'COPY' && instruction.args.includes('--from=build'))).toBe(true);
  });

  it('installs the pnpm version CI uses, from the lockfile, and deploys the bot alone', () => {
    const runs = all.filter((instruction) => instruction.name === 'RUN').map((instruction) => instruction.args);
    const ciPnpm = /pnpm@(\d+\.\d+\.\d+)/.exec(readFileSync(join(ROOT, '.ci/run'), 'utf8'))?.[1];
    expect(all.find((instruction) => instruction.name === 'ARG' && instruction.args.startsWith('PNPM_VERSION='))?.args).toBe(`PNPM_VERSION=${ciPnpm ?? 'unknown'}`);
    expect(runs).toContain('npm install --global pnpm@${PNPM_VERSION}');
    expect(runs.some((run) => run.includes('pnpm install --frozen-lockfile'))).toBe(true);
    // The image leaves out the optional dependencies (the simulator, pino-pretty); the demo image has them.
    expect(runs).toContain('pnpm --filter @discarr/bot deploy --prod --no-optional /out');
    expect(runs).toContain('pnpm --filter @discarr/bot deploy --prod /out-demo');
  });

  it('runs as a non-root user, keeps its state in a volume and checks /healthz', () => {
    const user = runtime.filter((instruction) => instruction.name === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime.find((instruction) => instruction.name === 'VOLUME')?.args).toBe('/data');
    expect(runtime.find((instruction) => instruction.name === 'ENV')?.args).toContain('DISCARR_STATE_PATH=/data/');
    const health = runtime.find((instruction) => instruction.name === 'HEALTHCHECK')?.args ?? '';
    expect(health).toContain('/healthz');
    expect(health).toMatch(/--start-period=\d+s/);
    expect(runtime.find((instruction) => instruction.name === 'ENTRYPOINT')?.args).toBe('["node", "--optimize-for-size", "--bytecode-old-age=1", "--flush-baseline-code", "/app/dist/cli.js"]');
    expect(runtime.find((instruction) => instruction.name === 'CMD')?.args).toBe('["start"]');
  });

  it("gives the package's start script the image's V8 memory flags, and Node accepts them", () => {
    const env = Object.assign({}, ...runtime.filter((instruction) => instruction.name === 'ENV').map((instruction) => envOf(instruction.args))) as Record<string, string>;
    const entrypoint = execForm(runtime.find((instruction) => instruction.name === 'ENTRYPOINT')?.args ?? '[]');
    const imageFlags = [...(env.NODE_OPTIONS ?? '').split(' '), ...entrypoint.filter((part) => part.startsWith('--'))].filter((flag) => flag !== '');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'apps/bot/package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = (pkg.scripts.start ?? '').split(' ');
    expect(start[0]).toBe('node');
    expect(start.slice(-2)).toEqual(['dist/cli.js', 'start']);
    const flags = start.slice(1, -2);
    expect([...flags].sort()).toEqual([...imageFlags].sort());
    expect(imageFlags.length).toBeGreaterThanOrEqual(4);
    // The Node running the tests (the workspace's Node 24, as the scripts) takes every flag.
    const run = spawnSync(process.execPath, [...flags, '-e', ''], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('keeps node_modules, build output and secrets out of the build context', () => {
    const patterns = dockerignorePatterns(dockerignore);
    for (const entry of ['**/node_modules', '**/dist', '.git', 'secrets', '.env*']) expect(patterns).toContain(entry);
    // What `docker build` would send: compose's secret files and every .env variant stay out.
    for (const path of ['secrets/discord_token', '.env', '.env.local', 'apps/bot/.env.production', 'apps/bot/secrets/radarr_api_key']) {
      expect(patterns.some((pattern) => matchesGlob(path, pattern) || path.split('/').some((_, index, parts) => matchesGlob(parts.slice(0, index + 1).join('/'), pattern)))).toBe(true);
    }
  });

  it('pins the base image by digest and says how to bump it', () => {
    const image = all.find((instruction) => instruction.name === 'ARG' && instruction.args.startsWith('NODE_IMAGE='))?.args ?? '';
    expect(image).toMatch(/^NODE_IMAGE=node:24-slim@sha256:[0-9a-f]{64}$/);
    expect(dockerfile).toContain('docker buildx imagetools inspect');
  });
});

describe('docker-compose.yml', () => {
  // Compose applies YAML merge keys (`<<: *hardening`).
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        build?: { context: string; dockerfile: string; target?: string };
        image?: string;
        profiles?: string[];
        volumes?: string[];
        environment?: Record<string, string>;
        entrypoint?: string[];
        command?: string[];
        secrets?: string[];
        ports?: string[];
        read_only?: boolean;
        cap_drop?: string[];
        security_opt?: string[];
        mem_limit?: string;
        stop_grace_period?: string;
      }
    >;
    secrets: Record<string, { file: string }>;
    volumes: Record<string, unknown>;
  };

  it('builds the bot from the Dockerfile and keeps its state in a named volume', () => {
    const bot = compose.services.discarr!;
    expect(bot.build).toEqual({ context: '.', dockerfile: 'apps/bot/Dockerfile', target: 'production' });
    for (const name of ['radarr-sim', 'sonarr-sim', 'discarr-demo']) expect(compose.services[name]?.build, name).toEqual({ context: '.', dockerfile: 'apps/bot/Dockerfile', target: 'demo' });
    expect(bot.profiles).toBeUndefined();
    expect(bot.volumes).toContain('discarr-data:/data');
    expect(Object.keys(compose.volumes)).toContain('discarr-data');
  });

  it('passes secrets as files, never as values, in the bot and in the demo profile', () => {
    for (const name of ['discarr', 'discarr-demo']) {
      const bot = compose.services[name]!;
      expect(bot.environment?.DISCORD_TOKEN_FILE).toBe('/run/secrets/discord_token');
      expect(bot.environment).not.toHaveProperty('DISCORD_TOKEN');
      expect(bot.secrets).toContain('discord_token');
      for (const secret of bot.secrets ?? []) expect(compose.secrets[secret]?.file).toMatch(/^\.\/secrets\//);
    }
  });

  it('hardens every service: read-only root, no capability, no new privileges, a memory cap, a grace period above the bot\'s 8 s stop', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.read_only, name).toBe(true);
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
      expect(service.mem_limit, name).toMatch(/^\d+m$/);
      expect(Number.parseInt(service.stop_grace_period ?? '', 10), name).toBeGreaterThan(8);
    }
    // With a read-only root, the state must be on a volume.
    expect(compose.services.discarr!.volumes).toContain('discarr-data:/data');
  });

  it('publishes the HTTP port on 127.0.0.1 only', () => {
    for (const name of ['discarr', 'discarr-demo']) {
      for (const port of compose.services[name]!.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('has a demo profile with both simulators through discarr-sim and a bot pointed at them', () => {
    const demo = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('demo'));
    expect(demo.map(([name]) => name).sort()).toEqual(['discarr-demo', 'radarr-sim', 'sonarr-sim']);
    expect(compose.services['radarr-sim']?.entrypoint?.join(' ')).toContain('@discarr/arr-simulator/dist/cli.js');
    expect(compose.services['radarr-sim']?.command).toEqual(expect.arrayContaining(['--radarr', '7878', '--scenario', 'busy', '--host', '0.0.0.0']));
    expect(compose.services['sonarr-sim']?.command).toEqual(expect.arrayContaining(['--sonarr', '8989']));
    expect(compose.services['discarr-demo']?.environment).toMatchObject({ RADARR_URL: 'http://radarr-sim:7878', SONARR_URL: 'http://sonarr-sim:8989' });
  });
});
