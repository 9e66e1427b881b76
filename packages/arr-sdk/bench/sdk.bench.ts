/**
 * `pnpm bench` (SDK part): what the SDK costs over raw fetch, and what listing a queue costs.
 *   1. GET overhead: the same request to a local server, raw `fetch` vs `client.health()`, in
 *      alternating rounds; reported as the ratio of median round times (goal ≤ 1.10×).
 *   2. Requests made to list a 1000-item queue (goal: one request with a 1000 page size).
 */
import { spawn } from 'node:child_process';
import { createRadarrClient } from '../src/index.ts';

const health = JSON.stringify(
  Array.from({ length: 5 }, (_, i) => ({ source: `Check${i}`, type: 'warning', message: 'Indexers unavailable due to failures', wikiUrl: 'https://wiki.servarr.com/radarr/system' })),
);
// The server runs in its own process (on the other core), so that its work does not land in the
// measured time of either side and the comparison is of the client side only.
const serverSource = `
const { createServer } = require('node:http');
const health = ${JSON.stringify(health)};
let queueRequests = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/count') { res.end(String(queueRequests)); return; }
  if (url.pathname === '/api/v3/queue') {
    queueRequests++;
    const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
    const page = Number(url.searchParams.get('page') ?? 1);
    const records = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, title: 'Movie ' + i, size: 1e9, sizeleft: 5e8, status: 'downloading' }))
      .slice((page - 1) * pageSize, page * pageSize);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ page, pageSize, totalRecords: 1000, records }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(health);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;
const child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
const base = `http://127.0.0.1:${port}`;
const client = createRadarrClient({ baseUrl: base, apiKey: 'bench-key-0000', concurrency: 1 });

const PER_ROUND = 300;
const ROUNDS = 31;
/**
 * The same HTTP work done by hand: the key, Accept and User-Agent headers, a timeout, and
 * `redirect: 'manual'` (following a redirect would send the X-Api-Key header to wherever a login
 * page points: the SDK refuses redirects, so the fair baseline does too).
 */
async function rawRound(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const res = await fetch(`${base}/api/v3/health`, {
      headers: { 'X-Api-Key': 'bench-key-0000', Accept: 'application/json', 'User-Agent': 'discarr-arr-sdk' },
      signal: AbortSignal.timeout(15_000),
      redirect: 'manual',
    });
    await res.json();
  }
  return performance.now() - start;
}
/** The least a caller can do: a bare fetch without key, headers or timeout. */
async function bareRound(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const res = await fetch(`${base}/api/v3/health`);
    await res.json();
  }
  return performance.now() - start;
}
async function sdkRound(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await client.health();
  return performance.now() - start;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

await rawRound();
await sdkRound();
await bareRound();
const raw: number[] = [];
const sdk: number[] = [];
const bare: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  raw.push(await rawRound());
  sdk.push(await sdkRound());
  bare.push(await bareRound());
}
// Paired rounds: the ratio of each SDK round to the hand-written round run just before it, so
// that drift of the machine during the run cancels out; the median of those ratios.
const ratio = median(sdk.map((t, i) => t / (raw[i] ?? t)));
const bareRatio = median(sdk.map((t, i) => t / (bare[i] ?? t)));

// The SDK's own work alone: the same call with a fetch that answers at once, minus that fetch.
const body = health;
const instant = () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
const isolated = createRadarrClient({ baseUrl: base, apiKey: 'bench-key-0000', fetch: instant });
const N = 20_000;
for (let i = 0; i < 2000; i++) await isolated.health();
let t0 = performance.now();
for (let i = 0; i < N; i++) await isolated.health();
const sdkOnlyUs = ((performance.now() - t0) * 1000) / N;
t0 = performance.now();
for (let i = 0; i < N; i++) await (await instant()).json();
const fetchOnlyUs = ((performance.now() - t0) * 1000) / N;
const pipelineUs = sdkOnlyUs - fetchOnlyUs;
const roundTripUs = (median(raw) / PER_ROUND) * 1000;

const items = await client.queue.list();
const queueRequests = Number(await (await fetch(`${base}/count`)).text());
child.kill();
const rows = [
  ['SDK GET vs the same fetch by hand (key, headers, timeout, no redirects)', `${ratio.toFixed(3)}×`, '≤ 1.10×', ratio <= 1.1 ? 'met' : 'missed'],
  ['SDK GET vs a bare fetch (no key, no timeout, follows redirects)', `${bareRatio.toFixed(3)}×`, '(for reference)', ''],
  ['SDK pipeline alone (instant fetch), per request', `${pipelineUs.toFixed(1)} µs = ${(1 + pipelineUs / roundTripUs).toFixed(3)}× of a ${roundTripUs.toFixed(0)} µs round trip`, '≤ 1.10×', 1 + pipelineUs / roundTripUs <= 1.1 ? 'met' : 'missed'],
  ['requests to list a 1000-item queue', `${queueRequests} (${items.length} items)`, '1', queueRequests === 1 ? 'met' : 'missed'],
];
console.log('\n@discarr/arr-sdk bench');
console.table(rows.map(([measure, value, goal, verdict]) => ({ measure, value, goal, verdict })));
console.log(`(median of ${ROUNDS} paired rounds of ${PER_ROUND} sequential GETs; by hand ${(median(raw) / PER_ROUND).toFixed(3)} ms/req, bare ${(median(bare) / PER_ROUND).toFixed(3)} ms/req, sdk ${(median(sdk) / PER_ROUND).toFixed(3)} ms/req)`);
