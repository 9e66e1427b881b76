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
 * NODE_OPTIONS (to try V8 heap limits such as `--max-old-space-size=128`), `BOT_NODE_ARGS` on its
 * command line (V8 flags NODE_OPTIONS refuses); `MALLOC_*` variables reach it too; by default it runs the bot as it ships (the Dockerfile's runtime settings, which the package's `start` script shares), `NODE_DEFAULTS=1` with Node's defaults. `MEMORY_CASES=busy` (or `empty,idle`) runs only those cases; `MEMORY_SETTLE_MS` is the wait before sampling (default 10 000); `HEAP_SNAPSHOT_DIR=<dir>` saves
 * a heap snapshot of each case there (read it with `bench/heap-summary.ts`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from '../test/helpers/bot-config.ts';
import { envOf, execForm, parseDockerfile } from '../test/helpers/dockerfile.ts';

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, '..');
const cli = join(app, 'dist', 'cli.js');

/**
 * What the Docker image's runtime stage sets, from the Dockerfile: its NODE_OPTIONS and MALLOC_*
 * variables, and the node flags of its ENTRYPOINT (V8 flags that NODE_OPTIONS refuses, such as
 * `--optimize-for-size`). None with `NODE_DEFAULTS=1`.
 */
function imageSettings(): { env: Record<string, string>; nodeArgs: string[] } {
  if (process.env.NODE_DEFAULTS !== undefined) return { env: {}, nodeArgs: [] };
  const runtime = parseDockerfile(readFileSync(join(app, 'Dockerfile'), 'utf8')).stages.find((stage) => stage.name === 'runtime');
  const instructions = runtime?.instructions ?? [];
  const env = Object.assign({}, ...instructions.filter((instruction) => instruction.name === 'ENV').map((instruction) => envOf(instruction.args))) as Record<string, string>;
  const entrypoint = execForm(instructions.find((instruction) => instruction.name === 'ENTRYPOINT')?.args ?? '[]');
  // ["node", <flags>..., "/app/dist/cli.js"]: the flags between node and the script.
  const nodeArgs = entrypoint.slice(1).filter((part) => part.startsWith('--'));
  return { env: Object.fromEntries(Object.entries(env).filter(([name]) => name === 'NODE_OPTIONS' || name.startsWith('MALLOC_'))), nodeArgs };
}
const image = imageSettings();
// glibc malloc's settings (MALLOC_ARENA_MAX=2 and the like) given to the bench reach the bot too.
const mallocEnv = Object.fromEntries(Object.entries({ ...image.env, ...process.env }).filter(([name]) => name.startsWith('MALLOC_')));
const botNodeOptions = process.env.BOT_NODE_OPTIONS ?? image.env.NODE_OPTIONS ?? '';
// Node flags given on the bot's command line (`BOT_NODE_ARGS="--optimize-for-size"`), else the image's.
const botNodeArgs = process.env.BOT_NODE_ARGS === undefined ? image.nodeArgs : process.env.BOT_NODE_ARGS.split(' ').filter((part) => part !== '');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time the process used so far (user + system), in seconds, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Where the resident set lies, from /proc/<pid>/smaps: the node binary and other files mapped in
 * (code, shared), malloc's main heap (brk), and anonymous mappings (V8's heap pages, malloc's thread
 * arenas, thread stacks).
 */
function rssParts(pid: number): string {
  const parts = { binary: 0, files: 0, brk: 0, anonymous: 0 };
  let part: keyof typeof parts = 'anonymous';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1] ?? '';
      part = name === process.execPath || name.endsWith('/node') ? 'binary' : name === '[heap]' ? 'brk' : name.startsWith('/') ? 'files' : 'anonymous';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) parts[part] += Number(rss[1]) / 1024;
  }
  return Object.entries(parts).map(([name, mb]) => `${name} ${mb.toFixed(1)}`).join(', ');
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
    instances: fleet.sims.map((sim, index) => ({ name: `radarr-${index + 1}`, kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey })),
    routes: [{ channel: NOTIFY }],
    http: { host: '127.0.0.1', port },
    state: { path: join(dir, 'state.json') },
    log: { level: 'warn', pretty: false },
  };
  writeFileSync(join(dir, 'discarr.json'), JSON.stringify(config));
  const snapshots = process.env.HEAP_SNAPSHOT_DIR;
  const nodeOptions = [botNodeOptions, snapshots === undefined ? '' : '--heapsnapshot-signal=SIGUSR2'].join(' ').trim();
  const bot = spawn(process.execPath, [...botNodeArgs, cli, 'start', '--config', join(dir, 'discarr.json')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi, NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, ...mallocEnv },
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
    // A few poll, board and GC cycles (`MEMORY_SETTLE_MS`, default 10 s), then the peak of 10 one-second samples.
    await sleep(Number(process.env.MEMORY_SETTLE_MS ?? 10_000));
    let peak = 0;
    const cpuBefore = cpuSeconds(bot.pid ?? 0);
    const writesBefore = await stateWrites(port);
    for (let sample = 0; sample < 10; sample++) {
      peak = Math.max(peak, rssMb(bot.pid ?? 0));
      await sleep(1_000);
    }
    // What the flags cost: the share of one core the bot used while it was sampled.
    const cpu = `${(((cpuSeconds(bot.pid ?? 0) - cpuBefore) / 10) * 100).toFixed(0)} % of a core while sampled, ${cpuSeconds(bot.pid ?? 0).toFixed(1)} s CPU since start`;
    const parts = rssParts(bot.pid ?? 0);
    // The state file's writes while sampled: each rewrites the whole file (disk wear).
    const writesAfter = await stateWrites(port);
    const writes = `state file: ${String(writesAfter.writes - writesBefore.writes)} writes, ${((writesAfter.bytes - writesBefore.bytes) / 1024 ** 2).toFixed(1)} MB in the 10 s sampled`;
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
    const metric = (name: string): string => {
      const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
      return (Number(line?.split(' ').at(-1) ?? Number.NaN) / 1024 ** 2).toFixed(1);
    };
    if (snapshots !== undefined) await heapSnapshot(bot, dir, snapshots, `${instances}x${items}`);
    if (process.env.MEMORY_DEBUG !== undefined) console.log(text.split('\n').filter((row) => /^discarr_(events_total|notifications_(sent_total|pending))/.test(row)).join('\n'));
    console.log(`  (${instances > 0 ? `${instances} instances × ${items} items` : 'one instance down'}: V8 heap used ${metric('nodejs_heap_size_used_bytes')} MB of ${metric('nodejs_heap_size_total_bytes')} MB allocated, external ${metric('nodejs_external_memory_bytes')} MB; RSS in MB: ${parts}; ${cpu}; ${writes})`);
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

/** The bot's count of state file writes and bytes written so far, from its metrics. */
async function stateWrites(port: number): Promise<{ writes: number; bytes: number }> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
  const value = (name: string): number => Number(text.split('\n').find((line) => line.startsWith(`${name} `))?.split(' ')[1] ?? Number.NaN);
  return { writes: value('discarr_state_writes_total'), bytes: value('discarr_state_written_bytes_total') };
}

/** Asks the bot for a heap snapshot (SIGUSR2) and moves it to `target` once written. */
async function heapSnapshot(bot: ChildProcess, cwd: string, target: string, name: string): Promise<void> {
  bot.kill('SIGUSR2');
  for (let waited = 0; waited < 120; waited++) {
    await sleep(1_000);
    const file = readdirSync(cwd).find((entry) => entry.endsWith('.heapsnapshot'));
    // Written in full once its size stops changing.
    if (file !== undefined && waited > 2) {
      const size = statSync(join(cwd, file)).size;
      await sleep(2_000);
      if (statSync(join(cwd, file)).size === size) {
        mkdirSync(target, { recursive: true });
        renameSync(join(cwd, file), join(target, `bot-${name}.heapsnapshot`));
        return;
      }
    }
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
// MEMORY_CASES=busy (or empty,idle) measures only those cases.
const cases = new Set((process.env.MEMORY_CASES ?? 'empty,idle,busy').split(','));
const bare = await bareNode();
const empty = cases.has('empty') ? await measureBot(0, 0) : Number.NaN;
const idle = cases.has('idle') ? await measureBot(2, 0) : Number.NaN;
const busy = cases.has('busy') ? await measureBot(10, 500) : Number.NaN;
console.log(`memory (RSS of the discarr start process alone, peak of 10 samples, Node ${process.version}${botNodeArgs.length === 0 ? '' : `, node ${botNodeArgs.join(' ')}`}${botNodeOptions === '' ? '' : `, NODE_OPTIONS=${botNodeOptions}`}${Object.keys(mallocEnv).length > 0 ? `, ${Object.entries(mallocEnv).map(([name, value]) => `${name}=${value ?? ''}`).join(' ')}` : ''}):`);
console.log(`  bare Node process:                        ${round(bare)} MB`);
console.log(`  bot, one instance down (no data):         ${round(empty)} MB (+${round(empty - bare)} MB over bare Node)`);
console.log(`  bot, 2 idle instances:                    ${round(idle)} MB (goal < 100 MB; +${round(idle - bare)} MB over bare Node)`);
console.log(`  bot, 10 instances × 500 queue items:      ${round(busy)} MB (goal < 150 MB; +${round(busy - idle)} MB over 2 idle instances)`);
