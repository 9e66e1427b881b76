/**
 * `pnpm bench` (SDK part): what a call through the SDK costs against a `fetch`, for a small body
 * (5 health items, ~0.5 KiB) and a large one (a 1000-item queue page, ~810 KiB), through the named
 * helpers and through the raw typed call (`client.GET(path)`), each against:
 *   - a bare `fetch` + `json()` (no key, no timeout, follows redirects), and
 *   - the same request written by hand (key, Accept and User-Agent headers, a timeout, no redirects).
 * Rounds alternate between the four ways (each round starting with another) so drift of the
 * machine cancels out; each figure is the median of the per-round ratios. Also: requests made to list a 1000-item queue, and the SDK's own
 * work per call measured with a fetch that answers at once.
 */
import { spawn } from 'node:child_process';
import { createRadarrClient } from '../src/index.ts';

const KEY = 'bench-key-0000';
// The server runs in its own process (on the other core), so that its work does not land in the
// measured time of either side and the comparison is of the client side only.
const serverSource = `
const { createServer } = require('node:http');
const health = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ source: 'Check' + i, type: 'warning', message: 'Indexers unavailable due to failures', wikiUrl: 'https://wiki.servarr.com/radarr/system' })));
// A queue record shaped like Radarr's (QueueResource.cs), about 830 bytes of JSON each.
const record = (i) => ({ id: i + 1, movieId: i + 1, languages: [{ id: 1, name: 'English' }], quality: { quality: { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080, modifier: 'none' }, revision: { version: 1, real: 0, isRepack: false } }, customFormats: [], customFormatScore: 0, size: 8500000000, title: 'Some.Movie.Title.' + i + '.2019.1080p.BluRay.x264-GRP', sizeleft: 4250000000, timeleft: '00:12:34', estimatedCompletionTime: '2026-12-04T18:00:00Z', added: '2026-12-04T17:00:00Z', status: 'downloading', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading', statusMessages: [], downloadId: 'SABnzbd_nzo_' + i.toString(16).padStart(8, '0'), protocol: 'usenet', downloadClient: 'SABnzbd', downloadClientHasPostImportCategory: false, indexer: 'NZBgeek', outputPath: '/downloads/incomplete/Some.Movie.Title.' + i, episodeHasFile: false });
const queue = JSON.stringify({ page: 1, pageSize: 1000, sortKey: 'timeleft', sortDirection: 'ascending', totalRecords: 1000, records: Array.from({ length: 1000 }, (_, i) => record(i)) });
let queueRequests = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/count') { res.end(String(queueRequests)); return; }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  if (url.pathname === '/api/v3/queue') { queueRequests++; res.end(queue); return; }
  res.end(health);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;
const child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
const base = `http://127.0.0.1:${port}`;
const client = createRadarrClient({ baseUrl: base, apiKey: KEY, concurrency: 1, cache: false });

interface Body {
  name: string;
  path: string;
  query: string;
  perRound: number;
  helper: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}
const queueQuery = { includeMovie: true, page: 1, pageSize: 1000 };
const bodies: Body[] = [
  { name: 'small (5 health items)', path: '/api/v3/health', query: '', perRound: 300, helper: () => client.health(), raw: () => client.GET('/api/v3/health') },
  {
    name: 'large (1000-item queue, ~810 KiB)',
    path: '/api/v3/queue',
    query: '?includeMovie=true&page=1&pageSize=1000',
    perRound: 30,
    helper: () => client.queue.list(),
    raw: () => client.GET('/api/v3/queue', { params: { query: queueQuery } }),
  },
];

const timed = async (n: number, once: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  for (let i = 0; i < n; i++) await once();
  return performance.now() - start;
};
const bare = (url: string) => async () => (await fetch(url)).json();
/**
 * The same HTTP work done by hand: the key, Accept and User-Agent headers, a timeout, and
 * `redirect: 'manual'` (following a redirect would send the X-Api-Key header to wherever a login
 * page points: the SDK refuses redirects, so the fair baseline does too).
 */
const byHand = (url: string) => async () => {
  const res = await fetch(url, {
    headers: { 'X-Api-Key': KEY, Accept: 'application/json', 'User-Agent': 'discarr-arr-sdk' },
    signal: AbortSignal.timeout(15_000),
    redirect: 'manual',
  });
  return res.json();
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ROUNDS = 41;

const rows: Record<string, string>[] = [];
for (const body of bodies) {
  const url = `${base}${body.path}${body.query}`;
  const ways = { bare: bare(url), hand: byHand(url), helper: body.helper, raw: body.raw };
  for (const once of Object.values(ways)) await timed(body.perRound, once);
  const times: Record<keyof typeof ways, number[]> = { bare: [], hand: [], helper: [], raw: [] };
  const entries = Object.entries(ways) as [keyof typeof ways, () => Promise<unknown>][];
  for (let r = 0; r < ROUNDS; r++) {
    // Each round starts with another way, so no way always runs right after the same neighbour.
    for (let k = 0; k < entries.length; k++) {
      const [name, once] = entries[(r + k) % entries.length]!;
      times[name].push(await timed(body.perRound, once));
    }
  }
  const ratio = (a: number[], b: number[]) => median(a.map((t, i) => t / (b[i] ?? t)));
  const goal = body.path === '/api/v3/queue' ? 1.05 : 1.1;
  for (const way of ['helper', 'raw'] as const) {
    const vsBare = ratio(times[way], times.bare);
    const vsHand = ratio(times[way], times.hand);
    rows.push({
      body: body.name,
      path: way === 'helper' ? 'named helper' : 'raw client.GET',
      'vs bare fetch': `${vsBare.toFixed(3)}×`,
      'vs by hand': `${vsHand.toFixed(3)}×`,
      goal: `≤ ${goal.toFixed(2)}× vs bare`,
      verdict: vsBare <= goal ? 'met' : 'missed',
    });
  }
  rows.push({ body: body.name, path: 'by hand (for reference)', 'vs bare fetch': `${ratio(times.hand, times.bare).toFixed(3)}×`, 'vs by hand': '1.000×', goal: '', verdict: '' });
}

// The SDK's own work alone: the same call with a fetch that answers at once, minus that fetch.
const health = await (await fetch(`${base}/api/v3/health`)).text();
const instant = () => Promise.resolve(new Response(health, { status: 200, headers: { 'content-type': 'application/json' } }));
const isolated = createRadarrClient({ baseUrl: base, apiKey: KEY, fetch: instant, cache: false });
const N = 20_000;
await timed(2000, () => isolated.health());
const sdkOnlyUs = ((await timed(N, () => isolated.health())) * 1000) / N;
const fetchOnlyUs = ((await timed(N, async () => (await instant()).json())) * 1000) / N;

const items = await client.queue.list();
const before = Number(await (await fetch(`${base}/count`)).text());
await client.queue.list();
const queueRequests = Number(await (await fetch(`${base}/count`)).text()) - before;
child.kill();

console.log('\n@discarr/arr-sdk bench');
console.table(rows);
console.table([
  { measure: "the SDK's own work per call (instant fetch)", value: `${(sdkOnlyUs - fetchOnlyUs).toFixed(1)} µs` },
  { measure: 'requests to list a 1000-item queue', value: `${queueRequests} (${items.length} items)`, goal: '1', verdict: queueRequests === 1 ? 'met' : 'missed' },
]);
console.log(`(median of ${ROUNDS} alternating rounds per body; small: 300 sequential GETs a round, large: 30)`);
