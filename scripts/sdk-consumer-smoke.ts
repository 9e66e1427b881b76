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
  writeFileSync(
    join(app, 'esm.mjs'),
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
${server}
import { createRadarrClient, ArrAuthError, ArrResponseTooLargeError, redactSecrets } from '@discarr/arr-sdk';
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
console.log('ESM consumer ok on Node ' + process.version);
`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `${server}
const { createSonarrClient, parseSonarrWebhook } = require('@discarr/arr-sdk');
(async () => {
  const s = await serve();
  const health = await createSonarrClient({ baseUrl: 'http://127.0.0.1:' + s.address().port, apiKey: 'smoke-key-123' }).health();
  if (health.length !== 1) throw new Error('unexpected health');
  const hook = parseSonarrWebhook({ eventType: 'Test', instanceName: 'Sonarr', applicationUrl: '' });
  if (hook.eventType !== 'Test') throw new Error('webhook');
  s.close();
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
