/**
 * The bot's own memory, as a self-hoster runs it: `discarr start` (the built CLI, `dist/cli.js`) in
 * a process of its own, against a fake Discord in this process and a fleet of simulated Radarr
 * instances in a third (`sim-fleet.ts`). Its resident set (VmRSS of /proc/<pid>/status) is sampled
 * every second once every instance is read, and the peak of 10 samples is reported against the goals,
 * with the layers below it as the breakdown:
 *
 * - a bare Node process (`node -e`), what any Node program costs;
 * - the bot with one instance that refuses connections (discord.js and its gateway connection, pino,
 *   prom-client, HTTP, one SDK client: the bot itself, before any data);
 * - 2 idle instances (goal < 100 MB);
 * - 10 instances × 500 queue items (goal < 150 MB).
 *
 * Run: npx -y pnpm@12.21.0 --filter @discarr/bot run bench:memory   (figures go in apps/bot/README.md)
 * `SKIP_BUILD=1` measures the dist already built; `BOT_NODE_OPTIONS` is passed to the bot process as
 * NODE_OPTIONS (to try V8 heap limits such as `--max-old-space-size=128`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from '../test/helpers/bot-config.ts';

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, '..');
const cli = join(app, 'dist', 'cli.js');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function startFleet(instances: number, items: number): Promise<{ sims: { url: string; apiKey: string }[]; child: ChildProcess }> {
  // No fleet: one instance on a port that refuses connections (9, discard).
  if (instances === 0) return { sims: [{ url: 'http://127.0.0.1:9', apiKey: '0123456789abcdef0123456789abcdef' }], child: spawn(process.execPath, ['-e', '']) };
  const child = spawn(process.execPath, ['--conditions=@discarr/source', join(here, 'sim-fleet.ts'), String(instances), String(items)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0] ?? '[]');
    });
  });
  return { sims: JSON.parse(line) as { url: string; apiKey: string }[], child };
}

/** Waits until the bot has read every instance's queue (its SDK metrics say so), at most `ms`. */
async function untilRead(port: number, instances: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
    const read = new Set([...text.matchAll(/discarr_sdk_requests_total\{instance="([^"]+)",route="GET \/api\/v3\/queue[^"]*",status="200"\}/g)].map((match) => match[1]));
    if (read.size >= instances) return;
    await sleep(500);
  }
  throw new Error(`the bot did not read ${instances} instances within ${ms} ms`);
}

async function measureBot(instances: number, items: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'discarr-memory-'));
  const discord = await startFakeDiscord();
  const fleet = await startFleet(instances, items);
  const port = await freePort();
  const config = {
    discord: { boardChannels: [] },
    instances: fleet.sims.map((sim, index) => ({ name: `radarr-${index + 1}`, kind: 'radarr', url: sim.url, apiKey: sim.apiKey })),
    routes: [{ channel: NOTIFY }],
    http: { host: '127.0.0.1', port },
    state: { path: join(dir, 'state.json') },
    log: { level: 'warn', pretty: false },
  };
  writeFileSync(join(dir, 'discarr.json'), JSON.stringify(config));
  const bot = spawn(process.execPath, [cli, 'start', '--config', join(dir, 'discarr.json')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi, NODE_ENV: 'production', NODE_OPTIONS: process.env.BOT_NODE_OPTIONS ?? '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => {
    bot.once('exit', (code) => {
      reject(new Error(`discarr start exited with ${String(code)} before it was measured`));
    });
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([instances > 0 ? untilRead(port, instances, 120_000) : sleep(5_000), exited]);
    // A few poll, board and GC cycles, then the peak of 10 one-second samples.
    await sleep(10_000);
    let peak = 0;
    for (let sample = 0; sample < 10; sample++) {
      peak = Math.max(peak, rssMb(bot.pid ?? 0));
      await sleep(1_000);
    }
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
    const metric = (name: string): string => {
      const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
      return (Number(line?.split(' ').at(-1) ?? Number.NaN) / 1024 ** 2).toFixed(1);
    };
    console.log(`  (${instances > 0 ? `${instances} instances × ${items} items` : 'one instance down'}: V8 heap used ${metric('nodejs_heap_size_used_bytes')} MB of ${metric('nodejs_heap_size_total_bytes')} MB allocated, external ${metric('nodejs_external_memory_bytes')} MB)`);
    return peak;
  } finally {
    if (bot.exitCode === null) {
      bot.kill('SIGTERM');
      await new Promise((resolve) => bot.once('exit', resolve));
    }
    fleet.child.kill('SIGTERM');
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  await sleep(1_000);
  const rss = rssMb(child.pid ?? 0);
  child.kill();
  return rss;
}

// The process runs what a deployment runs: the built CLI and the built packages it imports.
if (process.env.SKIP_BUILD === undefined) execFileSync('npx', ['-y', 'pnpm@12.21.0', '--filter', '@discarr/bot...', 'run', 'build'], { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(cli)) throw new Error(`${cli} was not built`);
const round = (value: number): string => value.toFixed(1);
const bare = await bareNode();
const empty = await measureBot(0, 0);
const idle = await measureBot(2, 0);
const busy = await measureBot(10, 500);
console.log(`memory (RSS of the discarr start process alone, peak of 10 samples, Node ${process.version}):`);
console.log(`  bare Node process:                        ${round(bare)} MB`);
console.log(`  bot, one instance down (no data):         ${round(empty)} MB (+${round(empty - bare)} MB over bare Node)`);
console.log(`  bot, 2 idle instances:                    ${round(idle)} MB (goal < 100 MB; +${round(idle - empty)} MB for the instances)`);
console.log(`  bot, 10 instances × 500 queue items:      ${round(busy)} MB (goal < 150 MB; +${round(busy - empty)} MB for the instances)`);
