/**
 * `pnpm smoke:sdk`: the SDK as a user gets it. Packs @discarr/arr-sdk, checks the package with
 * publint and @arethetypeswrong/cli, installs the tarball with plain npm into a fresh temporary
 * project, then runs an ESM script and a CJS script against a local server with the system's
 * `node` (proving the `engines` floor), and type-checks a TypeScript consumer with tsc.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = join(root, 'packages/arr-sdk');
const work = mkdtempSync(join(tmpdir(), 'arr-sdk-smoke-'));
const run = (cmd: string, args: string[], cwd: string) => {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });
};
const systemNode = process.env.SMOKE_NODE ?? '/usr/bin/env';
const nodeArgs = (file: string) => (systemNode === '/usr/bin/env' ? ['-i', `PATH=${process.env.ORIGINAL_PATH ?? '/usr/local/bin:/usr/bin:/bin'}`, 'node', file] : [file]);

try {
  run('npx', ['-y', 'pnpm@12.21.0', 'run', 'build'], pkgDir);
  run('npx', ['-y', 'pnpm@12.21.0', 'pack', '--pack-destination', work], pkgDir);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? '');
  run(join(root, 'node_modules/.bin/publint'), ['run', '--strict', tarball], root);
  run(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'node16'], root);

  const app = join(work, 'consumer');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);

  const server = `
    const http = require('node:http');
    function serve(check) {
      return new Promise((resolve) => {
        const s = http.createServer((req, res) => {
          if (req.headers['x-api-key'] !== 'smoke-key-123') { res.writeHead(401); res.end(); return; }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify([{ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable' }]));
        });
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
    }
  `;
  // A loopback server of the management helpers' own: each route answers as the apps do (paged
  // envelopes, 202 from the editors, 404 with an ErrorBody), for one call of each new domain.
  const domainServer = `
    function serveApp() {
      const page = (url, all) => {
        const q = new URL(url, 'http://x').searchParams;
        const p = Number(q.get('page')), size = Number(q.get('pageSize'));
        return { page: p, pageSize: size, sortKey: 'id', sortDirection: 'descending', totalRecords: all.length, records: all.slice((p - 1) * size, p * size) };
      };
      const logs = Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, time: '2026-12-04T10:00:00Z', level: 'info', logger: 'Smoke', message: 'm' + i }));
      const usage = { delayProfileIds: [], importListIds: [], notificationIds: [], indexerIds: [], downloadClientIds: [], autoTagIds: [] };
      const routes = {
        'GET /api/v3/tag/detail': () => [{ id: 1, label: '4k', ...usage, releaseProfileIds: [], restrictionIds: [], movieIds: [], seriesIds: [] }],
        'GET /api/v3/customformat': () => [{ id: 1, name: 'x265', includeCustomFormatWhenRenaming: false, specifications: [] }],
        'GET /api/v3/qualitydefinition': () => [{ id: 1, quality: { id: 1, name: 'SDTV' }, title: 'SDTV', weight: 1, minSize: 0, maxSize: 100, preferredSize: 95 }],
        'GET /api/v3/log': (url) => page(url, logs),
        'GET /api/v3/system/backup': () => [{ id: 7, name: 'backup.zip', path: '/backup/manual/backup.zip', type: 'manual', size: 10, time: '2026-12-04T10:00:00Z' }],
        'PUT /api/v3/movie/editor': (url, body) => body.movieIds.map((id) => ({ id, monitored: body.monitored })),
        'PUT /api/v3/series/editor': (url, body) => body.seriesIds.map((id) => ({ id, monitored: body.monitored })),
        'GET /api/v3/exclusions/paged': (url) => page(url, [{ id: 1, tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 }]),
        'GET /api/v3/importlistexclusion/paged': (url) => page(url, [{ id: 1, tvdbId: 81189, title: 'Breaking Bad' }]),
      };
      return new Promise((resolve) => {
        const s = http.createServer((req, res) => {
          let body = '';
          req.on('data', (c) => (body += c));
          req.on('end', () => {
            const route = routes[req.method + ' ' + new URL(req.url, 'http://x').pathname];
            if (req.headers['x-api-key'] !== 'smoke-key-123' || !route) {
              res.writeHead(req.headers['x-api-key'] === 'smoke-key-123' ? 404 : 401, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ message: 'NotFound' }));
              return;
            }
            res.writeHead(req.method === 'PUT' ? 202 : 200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(route(req.url, body ? JSON.parse(body) : undefined)));
          });
        });
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
    }
    async function exerciseDomains(client, editor) {
      const check = (ok, what, value) => { if (!ok) throw new Error('unexpected ' + what + ': ' + JSON.stringify(value)); };
      const tags = await client.tagUsage.list();
      check(tags[0].label === '4k', 'tag usage', tags);
      const formats = await client.customFormats.list();
      check(formats[0].name === 'x265', 'custom formats', formats);
      const definitions = await client.qualityDefinitions.list();
      check(definitions[0].title === 'SDTV', 'quality definitions', definitions);
      const entries = await client.logs.list();
      check(entries.length === 1200, 'logs (two pages)', entries.length);
      const backups = await client.backups.list();
      check(backups[0].type === 'manual', 'backups', backups);
      const edited = await editor();
      check(edited.length === 2 && edited[0].monitored === false, 'editor', edited);
      const exclusions = await client.importListExclusions.list();
      check(exclusions.length === 1, 'import list exclusions', exclusions);
      return client.customFormats.get(99).catch((e) => e);
    }
  `;
  writeFileSync(
    join(app, 'esm.mjs'),
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
${server}
${domainServer}
import { createRadarrClient, ArrAuthError, ArrNotFoundError, ArrResponseTooLargeError, redactSecrets } from '@discarr/arr-sdk';
const s = await serve();
const base = 'http://127.0.0.1:' + s.address().port;
const health = await createRadarrClient({ baseUrl: base, apiKey: 'smoke-key-123' }).health();
if (health[0].source !== 'IndexerStatusCheck') throw new Error('unexpected health ' + JSON.stringify(health));
const raw = await createRadarrClient({ baseUrl: base, apiKey: 'smoke-key-123' }).withCallOptions({ priority: 5 }).GET('/api/v3/health');
if (raw.data?.[0]?.source !== 'IndexerStatusCheck' || raw.response.status !== 200) throw new Error('unexpected raw call ' + JSON.stringify(raw.data));
const tooLarge = await createRadarrClient({ baseUrl: base, apiKey: 'smoke-key-123', maxResponseBytes: 10 }).health().catch((e) => e);
if (!(tooLarge instanceof ArrResponseTooLargeError)) throw new Error('expected ArrResponseTooLargeError, got ' + tooLarge);
if (redactSecrets('GET /api?apikey=abc123', []) !== 'GET /api?apikey=[redacted]') throw new Error('redactSecrets');
const error = await createRadarrClient({ baseUrl: base, apiKey: 'wrong-key-000', retry: false }).health().catch((e) => e);
if (!(error instanceof ArrAuthError)) throw new Error('expected ArrAuthError, got ' + error);
s.close();
const appServer = await serveApp();
const radarr = createRadarrClient({ baseUrl: 'http://127.0.0.1:' + appServer.address().port, apiKey: 'smoke-key-123' });
const missing = await exerciseDomains(radarr, () => radarr.movieEditor.edit({ movieIds: [1, 2], monitored: false }));
if (!(missing instanceof ArrNotFoundError)) throw new Error('expected ArrNotFoundError, got ' + missing);
appServer.close();
console.log('ESM consumer ok on Node ' + process.version);
`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `${server}
${domainServer}
const { createSonarrClient, parseSonarrWebhook, ArrNotFoundError } = require('@discarr/arr-sdk');
(async () => {
  const s = await serve();
  const health = await createSonarrClient({ baseUrl: 'http://127.0.0.1:' + s.address().port, apiKey: 'smoke-key-123' }).health();
  if (health.length !== 1) throw new Error('unexpected health');
  const hook = parseSonarrWebhook({ eventType: 'Test', instanceName: 'Sonarr', applicationUrl: '' });
  if (hook.eventType !== 'Test') throw new Error('webhook');
  s.close();
  const appServer = await serveApp();
  const sonarr = createSonarrClient({ baseUrl: 'http://127.0.0.1:' + appServer.address().port, apiKey: 'smoke-key-123' });
  const missing = await exerciseDomains(sonarr, () => sonarr.seriesEditor.edit({ seriesIds: [1, 2], monitored: false }));
  if (!(missing instanceof ArrNotFoundError)) throw new Error('expected ArrNotFoundError, got ' + missing);
  appServer.close();
  console.log('CJS consumer ok on Node ' + process.version);
})().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  writeFileSync(
    join(app, 'consumer.ts'),
    `import { createRadarrClient, parseSonarrWebhook, type Logger, type RadarrSchemas, ArrValidationError } from '@discarr/arr-sdk';
const logger: Logger = { debug: (data: Record<string, unknown>, message: string) => void [data, message] };
const radarr = createRadarrClient({ baseUrl: 'http://localhost:7878', apiKey: 'k', logger, deadlineMs: 30_000 }).withCallOptions({ priority: 1 });
export function filesOf(body: unknown): number {
  const hook = parseSonarrWebhook(body);
  if (hook.eventType !== 'Download') return 0;
  return 'episodeFiles' in hook ? hook.fileCount : hook.isUpgrade ? 1 : 0;
}
export async function main(): Promise<number> {
  const queue: RadarrSchemas['QueueRecord'][] = await radarr.queue.list();
  const first: number = queue[0]?.id ?? 0;
  await radarr.command.run('MoviesSearch', { movieIds: [first] });
  try {
    await radarr.movies.add({ tmdbId: 603, qualityProfileId: 1, rootFolderPath: '/movies' } as RadarrSchemas['AddMovieRequest']);
  } catch (e) {
    if (e instanceof ArrValidationError) return e.failures.length;
  }
  return first;
}
export async function manage(): Promise<string[]> {
  const unused: RadarrSchemas['TagDetails'][] = await radarr.tagUsage.unused();
  const errors: RadarrSchemas['LogRecord'][] = await radarr.logs.list({ level: 'error' });
  await radarr.movieEditor.edit({ movieIds: [1], monitored: false, tags: [unused[0]?.id ?? 0], applyTags: 'remove' });
  await radarr.updates.install({ installMajorUpdate: false, timeoutMs: 600_000 });
  return errors.map((e) => e.message);
}
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, exactOptionalPropertyTypes: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
  );
  run(systemNode, nodeArgs('esm.mjs'), app);
  run(systemNode, nodeArgs('cjs.cjs'), app);
  run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);
  console.log('SDK consumer smoke test passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
