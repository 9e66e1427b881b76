/**
 * `pnpm bench` (SDK part): what the SDK costs over raw fetch, and what listing a queue costs.
 *   1. GET overhead: the same request to a local server, raw `fetch` vs `client.health()`, in
 *      alternating rounds; reported as the ratio of median round times (goal ≤ 1.10×).
 *   2. Requests made to list a 1000-item queue (goal: one request with a 1000 page size).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRadarrClient } from '../src/index.ts';

const health = JSON.stringify(
  Array.from({ length: 5 }, (_, i) => ({ source: `Check${i}`, type: 'warning', message: 'Indexers unavailable due to failures', wikiUrl: 'https://wiki.servarr.com/radarr/system' })),
);
let queueRequests = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/api/v3/queue') {
    queueRequests++;
    const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
    const page = Number(url.searchParams.get('page') ?? 1);
    const records = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, title: `Movie ${i}`, size: 1e9, sizeleft: 5e8, status: 'downloading' })).slice(
      (page - 1) * pageSize,
      page * pageSize,
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ page, pageSize, totalRecords: 1000, records }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(health);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const client = createRadarrClient({ baseUrl: base, apiKey: 'bench-key-0000', concurrency: 1 });

const PER_ROUND = 300;
const ROUNDS = 15;
/** The same HTTP work done by hand: the key, Accept and User-Agent headers, a timeout. */
async function rawRound(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const res = await fetch(`${base}/api/v3/health`, {
      headers: { 'X-Api-Key': 'bench-key-0000', Accept: 'application/json', 'User-Agent': 'discarr-arr-sdk' },
      signal: AbortSignal.timeout(15_000),
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
const ratio = median(sdk) / median(raw);
const bareRatio = median(sdk) / median(bare);

queueRequests = 0;
const items = await client.queue.list();

server.close();
const rows = [
  ['SDK GET vs the same fetch by hand (key, headers, timeout)', `${ratio.toFixed(3)}×`, '≤ 1.10×', ratio <= 1.1 ? 'met' : 'missed'],
  ['SDK GET vs a bare fetch (no key, no timeout)', `${bareRatio.toFixed(3)}×`, '(for reference)', ''],
  ['requests to list a 1000-item queue', `${queueRequests} (${items.length} items)`, '1', queueRequests === 1 ? 'met' : 'missed'],
];
console.log('\n@discarr/arr-sdk bench');
console.table(rows.map(([measure, value, goal, verdict]) => ({ measure, value, goal, verdict })));
console.log(`(median of ${ROUNDS} alternating rounds of ${PER_ROUND} sequential GETs; by hand ${(median(raw) / PER_ROUND).toFixed(3)} ms/req, bare ${(median(bare) / PER_ROUND).toFixed(3)} ms/req, sdk ${(median(sdk) / PER_ROUND).toFixed(3)} ms/req)`);
