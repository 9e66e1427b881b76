/** The `discarr` command: usage, exit codes, `config check`, and the demo (in process and as a real process). */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDuration, runCli, type CliIo } from '../src/cli/run-cli.ts';
import { TEST_TOKEN } from './helpers/bot-config.ts';
import { useTempDir } from './helpers/temp-dir.ts';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(APP, 'src', 'cli.ts');
const TOKEN = TEST_TOKEN;
const KEY = '0123456789abcdef0123456789abcdef';

const tmp = useTempDir('discarr-cli-');

function buffer(isTTY = false): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; rows?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 100;
    stream.rows = 40;
  }
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[], env: Record<string, string> = {}, options: { stop?: Promise<string>; tty?: boolean } = {}) {
  const stdout = buffer(options.tty);
  const stderr = buffer();
  const io: CliIo = { stdout: stdout.stream, stderr: stderr.stream, env, cwd: tmp.path, shutdownSignal: () => options.stop ?? new Promise(() => undefined) };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the real command (Node 24 strips the types) and collects its output. */
function spawnCli(args: string[], env: Record<string, string>, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, ['--conditions=@discarr/source', CLI, ...args], { cwd: tmp.path, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('discarr (in process)', () => {
  it('prints the usage with --help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('discarr config check');
  });

  it('exits 2 with the usage for no command, an unknown command or an unknown option', async () => {
    expect((await run([])).code).toBe(2);
    const unknown = await run(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
    const option = await run(['start', '--verbose']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--verbose'");
    expect((await run(['demo', '--duration', 'soon'])).stderr).toContain('"soon" is not a duration');
    expect((await run(['demo', '--speed', '-1'])).code).toBe(2);
  });

  it('prints its version', async () => {
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('checks a valid configuration: exit 0 and a summary without secrets', async () => {
    writeFileSync(join(tmp.path, 'discarr.yml'), `instances:\n  - { name: radarr, kind: radarr, baseUrl: "http://radarr:7878", apiKey: ${KEY} }\nroutes:\n  - channel: "123456789012345678"\n`);
    const result = await run(['config', 'check'], { DISCORD_TOKEN: TOKEN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Configuration OK');
    expect(result.stdout).toContain('radarr');
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(KEY);
  });

  it('checks a bad configuration: exit 1, every problem on stderr, secrets masked, nothing started', async () => {
    writeFileSync(join(tmp.path, 'custom.yml'), `instances:\n  - { name: radarr, kind: radarr, baseUrl: "radarr", apiKey: ${KEY} }\n  - { name: radarr, kind: sonarr, baseUrl: "http://sonarr:8989", apiKey: [${KEY}] }\n`);
    const result = await run(['config', 'check', '--config', 'custom.yml'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('instances[0].baseUrl = "radarr"');
    expect(result.stderr).toContain('instances[1].name = "radarr": is already the name of instances[0]');
    expect(result.stderr).toContain('instances[1].apiKey = ***: is not a string');
    expect(result.stderr).toContain('discord.token: is missing');
    expect(result.stderr).toContain('Nothing was started');
    expect(result.stderr).not.toContain(KEY);
    expect(result.stdout).toBe('');
  });

  it('checks a file that still says url: exit 0 with a warning to rename it; url and baseUrl together: exit 1', async () => {
    writeFileSync(join(tmp.path, 'discarr.yml'), `instances:\n  - { name: radarr, kind: radarr, url: "http://radarr:7878", apiKey: ${KEY} }\nroutes:\n  - channel: "123456789012345678"\n`);
    const old = await run(['config', 'check'], { DISCORD_TOKEN: TOKEN });
    expect(old.code).toBe(0);
    expect(old.stdout).toContain('http://radarr:7878');
    expect(old.stdout).toContain('! instances[0].url is the former name of baseUrl, read for this release only: rename instances[0].url to baseUrl.');
    writeFileSync(join(tmp.path, 'discarr.yml'), `instances:\n  - { name: radarr, kind: radarr, url: "http://radarr:7878", baseUrl: "http://radarr:7878", apiKey: ${KEY} }\n`);
    const both = await run(['config', 'check'], { DISCORD_TOKEN: TOKEN });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('✗ instances[0].url: is set together with baseUrl (url is its former name)\n      fix: keep only instances[0].baseUrl: remove instances[0].url');
  });

  it('refuses to start with a bad configuration, before touching Discord', async () => {
    const result = await run(['start'], { DISCORD_TOKEN: TOKEN, RADARR_URL: 'not a url', RADARR_API_KEY: KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('instances[0].baseUrl (from env RADARR_URL) = "not a url": is not a URL');
  });

  it('never prints credentials or apikey= values that arrive in environment URLs (config check and start)', async () => {
    for (const command of [['config', 'check'], ['start']]) {
      const withUserinfo = await run(command, { DISCORD_TOKEN: TOKEN, RADARR_URL: `http://admin:${KEY}@radarr:7878`, RADARR_API_KEY: KEY });
      expect(withUserinfo.code).toBe(1);
      expect(withUserinfo.stderr).toContain('instances[0].baseUrl (from env RADARR_URL) = "http://[redacted]@radarr:7878": holds credentials');
      const withQuery = await run(command, { DISCORD_TOKEN: TOKEN, SONARR_URL: `http://sonarr:8989/?apikey=${KEY}`, SONARR_API_KEY: KEY });
      expect(withQuery.code).toBe(1);
      expect(withQuery.stderr).toContain('apikey=[redacted]');
      for (const output of [withUserinfo, withQuery]) expect(output.stdout + output.stderr).not.toContain(KEY);
    }
  });

  it('matches instance names in routes without case, and uses the instance\'s spelling', async () => {
    writeFileSync(join(tmp.path, 'discarr.yml'), `instances:\n  - { name: Radarr-4K, kind: radarr, baseUrl: "http://radarr:7878", apiKey: ${KEY} }\nroutes:\n  - { channel: "123456789012345678", instances: [radarr-4k] }\n`);
    const result = await run(['config', 'check'], { DISCORD_TOKEN: TOKEN });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('instances: Radarr-4K');
  });

  it('parses durations', () => {
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h')).toBe(3_600_000);
  });

  it('runs the demo in the terminal: a board, notifications, then a clean stop', async () => {
    const result = await run(['demo', '--', '--duration', '6s', '--speed', '30'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('status board');
    expect(result.stdout).toMatch(/🟢 radarr/);
    expect(result.stdout).toContain('notification → #100000000000000002');
    expect(result.stdout).toMatch(/Demo stopped \(duration\) after \d+ s: [1-9]\d* notifications/);
  });

  it('redraws the demo in place on a terminal, in colour', async () => {
    let stop: (name: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    setTimeout(() => {
      stop('SIGINT');
    }, 4_000);
    const result = await run(['demo'], {}, { stop: stopped, tty: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\u001B[H');
    expect(result.stdout).toContain('\u001B[38;2;');
    expect(result.stdout).toContain('Discarr demo · status board');
    expect(result.stdout).toContain('Demo stopped (SIGINT)');
  });

  it('asks for a channel when the demo would post to Discord without one', async () => {
    const result = await run(['demo'], { DISCORD_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('set DISCORD_CHANNEL_ID');
  });
});

describe('discarr (as a process)', () => {
  it('exits 0 for a valid config check and 1 for a bad one', async () => {
    const good = await spawnCli(['config', 'check'], { DISCORD_TOKEN: TOKEN, RADARR_URL: 'http://radarr:7878', RADARR_API_KEY: KEY, DISCORD_CHANNEL_ID: '123456789012345678' });
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Configuration OK (environment only)');
    const bad = await spawnCli(['config', 'check'], { RADARR_URL: 'http://radarr:7878' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('RADARR_API_KEY: is missing while RADARR_URL is set');
  });

  it('runs the demo until SIGINT, then exits 0 with the simulators closed', async () => {
    let sent = false;
    const result = await spawnCli(['demo'], {}, (stdout, child) => {
      if (!sent && stdout.includes('notification →')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('status board');
    expect(result.stdout).toContain('Demo stopped (SIGINT)');
  }, 60_000);
});
