import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseCliArgs, printedKey, startCli } from './cli-options.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('discarr-sim', () => {
  it('parses repeated instances, scenario, speed and seed, and rejects bad values with a message', () => {
    expect(parseCliArgs(['--radarr', '7878', '--radarr', '7879', '--sonarr', '8989', '--scenario', 'storm', '--speed', '10', '--seed', '3'])).toMatchObject({
      instances: [{ kind: 'radarr', port: 7878 }, { kind: 'radarr', port: 7879 }, { kind: 'sonarr', port: 8989 }],
      scenario: 'storm',
      speed: 10,
      seed: 3,
      showKey: false,
    });
    expect(parseCliArgs([])).toMatchObject({ instances: [{ kind: 'radarr', port: 7878 }, { kind: 'sonarr', port: 8989 }], scenario: 'busy' });
    expect(parseCliArgs(['--help'])).toBe('help');
    expect(() => parseCliArgs(['--radarr', '99999'])).toThrow(/Invalid port/);
    expect(() => parseCliArgs(['--scenario', 'nope'])).toThrow(/Unknown scenario/);
    expect(() => parseCliArgs(['--speed', '0'])).toThrow(/Invalid speed/);
    expect(() => parseCliArgs(['--seed', 'x'])).toThrow(/Invalid seed/);
  });

  it('prints the key of a loopback simulator and masks it on another interface unless --show-key', () => {
    const key = '0123456789abcdef0123456789abcdef';
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'sim.example.org', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
    expect(printedKey(key, '127.0.0.1', false)).toBe(key);
    expect(printedKey(key, '0.0.0.0', false)).toBe('01…ef');
    expect(printedKey(key, '0.0.0.0', true)).toBe(key);
  });

  it('starts every instance in process and names a second instance of a kind', async () => {
    const lines: string[] = [];
    const running = await startCli({ instances: [{ kind: 'radarr', port: 0 }, { kind: 'radarr', port: 0 }, { kind: 'sonarr', port: 0 }], scenario: 'idle', speed: 5, seed: 1, host: '127.0.0.1', showKey: true, apiKey: 'k'.repeat(32), urlBase: '/x' }, (line) => lines.push(line));
    try {
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^Radarr 2 listening on http:\/\/127\.0\.0\.1:\d+\/x \(api key k{32}, scenario idle, speed 5x\)$/);
      expect(running.handles.map((handle) => handle.kind)).toEqual(['radarr', 'radarr', 'sonarr']);
    } finally {
      await running.stop();
    }
  });

  it('starts from the command line and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--conditions=@discarr/source', cli, '--radarr', '0', '--sonarr', '0', '--scenario', 'busy', '--speed', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await expect.poll(() => (output.match(/listening on/g) ?? []).length, { timeout: 15_000 }).toBe(2);
    // Loopback: the key is printed in full, so a user can connect with it (issue 14).
    expect(output).toMatch(/Radarr listening on http:\/\/127\.0\.0\.1:\d+ \(api key [0-9a-f]{32}, /);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits 0 on a SIGTERM that arrives while the instances are still starting', async () => {
    const child = spawn(process.execPath, ['--conditions=@discarr/source', cli, '--radarr', '0', '--sonarr', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      // The first instance is up, the second still starting: the signal must not kill the process.
      if (!signalled && chunk.toString().includes('listening on')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    expect(await exit).toBe(0);
  });
});
