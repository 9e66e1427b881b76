import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/temp-dir.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { summarizeConfig } from './config-summary.ts';
import { closest, loadConfig, type LoadConfigOptions } from './load-config.ts';
import { maskSecret } from '@discarr/arr-sdk';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const RADARR_KEY = '0123456789abcdef0123456789abcdef';
const SONARR_KEY = 'fedcba9876543210fedcba9876543210';
const CHANNEL = '123456789012345678';
const ROLE = '223456789012345678';

const tmp = useTempDir('discarr-config-');

function file(name: string, text: string): string {
  const path = join(tmp.path, name);
  writeFileSync(path, text);
  return path;
}

const VALID = `
discord:
  token: ${TOKEN}
  guildIds: [${CHANNEL}]
  boardChannels: ["${CHANNEL}"]
instances:
  - name: radarr-4k
    kind: radarr
    baseUrl: http://radarr:7878/radarr
    apiKey: ${RADARR_KEY}
    push: { webhook: { secret: a-long-webhook-secret } }
    intervals: { queueActiveMs: 10000 }
  - name: sonarr
    kind: sonarr
    baseUrl: https://sonarr.example.com
    apiKey: ${SONARR_KEY}
routes:
  - channel: ${CHANNEL}
    events: [download.failed, download.stalled, "health.*"]
    instances: [radarr-4k]
    mentionRoles: [${ROLE}]
    quietHours: { start: "22:30", end: "07:00", timezone: Europe/Paris }
http: { port: 9000 }
`;

/** Loads with an empty environment unless given one. */
function load(options: LoadConfigOptions = {}) {
  return loadConfig({ env: {}, cwd: tmp.path, isTty: false, ...options });
}

/** The issues of a config that must fail. */
function issuesOf(options: LoadConfigOptions = {}): ConfigIssue[] {
  try {
    load(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('the config was accepted');
}

/** `[key path, problem]` of each issue, in order. */
function problemsOf(options: LoadConfigOptions = {}): [string, string][] {
  return issuesOf(options).map((issue) => [issue.path, issue.problem]);
}

function messageOf(options: LoadConfigOptions = {}): string {
  try {
    load(options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('loadConfig', () => {
  it('reads discarr.yml from the working directory and fills in every default', () => {
    file('discarr.yml', VALID);
    const { config, file: read, warnings } = load();
    expect(read).toBe(join(tmp.path, 'discarr.yml'));
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      discord: { token: TOKEN, guildIds: [CHANNEL], globalCommands: false, boardChannels: [CHANNEL] },
      instances: [
        { name: 'radarr-4k', kind: 'radarr', baseUrl: 'http://radarr:7878/radarr', apiKey: RADARR_KEY, push: { webhook: { secret: 'a-long-webhook-secret' } }, intervals: { queueActiveMs: 10_000 } },
        { name: 'sonarr', kind: 'sonarr', baseUrl: 'https://sonarr.example.com', apiKey: SONARR_KEY },
      ],
      routes: [
        {
          channel: CHANNEL,
          events: ['download.failed', 'download.stalled', 'health.raised', 'health.cleared'],
          instances: ['radarr-4k'],
          mentionRoles: [ROLE],
          quietHours: { start: '22:30', end: '07:00', timezone: 'Europe/Paris' },
        },
      ],
      notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 },
      board: { minEditIntervalMs: 5_000, itemsPerPage: 10 },
      http: { host: '0.0.0.0', port: 9000 },
      state: { path: './data/discarr-state.json' },
      log: { level: 'info', pretty: false },
      monitor: {},
      // The management commands' defaults (config/permissions.ts).
      permissions: { everyone: ['read'], grants: [], subscribeOnAdd: true },
    });
  });

  it('keeps every digit of an unquoted Discord id', () => {
    file('discarr.yml', VALID);
    expect(load().config.routes[0]?.channel).toBe(CHANNEL);
    expect(load().config.discord.guildIds).toEqual([CHANNEL]);
  });

  it('accepts a JSON file', () => {
    const path = file('config.json', JSON.stringify({ discord: { token: TOKEN }, instances: [{ name: 'radarr', kind: 'radarr', baseUrl: 'http://r:7878', apiKey: RADARR_KEY }], routes: [{ channel: CHANNEL }] }));
    const { config } = load({ configPath: path });
    expect(config.instances.map((instance) => instance.name)).toEqual(['radarr']);
    expect(config.routes).toEqual([{ channel: CHANNEL }]);
  });

  it('takes the file from DISCARR_CONFIG', () => {
    const path = file('elsewhere.yml', VALID);
    expect(load({ env: { DISCARR_CONFIG: path } }).file).toBe(path);
  });

  it('reports an unknown key with its path and the key it probably meant', () => {
    file('discarr.yml', `${VALID}\nboard: { itemsPerPag: 5 }\nfoo: 1\n`);
    const issues = issuesOf();
    expect(issues).toContainEqual({ path: 'board.itemsPerPag', problem: 'is not a known key', fix: 'did you mean itemsPerPage? Otherwise remove it' });
    expect(issues).toContainEqual(expect.objectContaining({ path: 'foo', problem: 'is not a known key' }));
  });

  it('reports a bad URL with the value and an example of a good one', () => {
    file('discarr.yml', VALID.replace('http://radarr:7878/radarr', 'radarr:7878').replace('https://sonarr.example.com', 'ftp://sonarr'));
    const issues = issuesOf();
    expect(issues).toContainEqual({ path: 'instances[0].baseUrl', value: '"radarr:7878"', problem: 'uses radarr: instead of http: or https:', fix: 'write it like http://radarr:7878' });
    expect(issues).toContainEqual(expect.objectContaining({ path: 'instances[1].baseUrl', value: '"ftp://sonarr"' }));
  });

  it('reports URLs that are not URLs or hold credentials', () => {
    file('discarr.yml', VALID.replace('http://radarr:7878/radarr', 'not a url').replace('https://sonarr.example.com', 'http://user:pw@sonarr:8989'));
    const issues = issuesOf();
    expect(issues.find((issue) => issue.path === 'instances[0].baseUrl')?.problem).toBe('is not a URL');
    expect(issues.find((issue) => issue.path === 'instances[1].baseUrl')?.problem).toBe('holds credentials');
  });

  it('still reads the former key url as baseUrl for one release, with a warning that says to rename it', () => {
    file('discarr.yml', VALID.replace('    baseUrl: http://radarr:7878/radarr', '    url: http://radarr:7878/radarr'));
    const loaded = load();
    expect(loaded.config.instances.map((instance) => instance.baseUrl)).toEqual(['http://radarr:7878/radarr', 'https://sonarr.example.com']);
    expect(loaded.config.instances[0]).not.toHaveProperty('url');
    const warning = 'instances[0].url is the former name of baseUrl, read for this release only: rename instances[0].url to baseUrl.';
    expect(loaded.warnings).toEqual([warning]);
    expect(summarizeConfig(loaded)).toContain(`Warnings\n  ! ${warning}`);
  });

  it('names baseUrl, and the former key it was read from, when the value under url is bad', () => {
    file('discarr.yml', VALID.replace('    baseUrl: http://radarr:7878/radarr', '    url: radarr:7878'));
    expect(issuesOf()).toEqual([
      { path: 'instances[0].baseUrl', source: 'former key instances[0].url', value: '"radarr:7878"', problem: 'uses radarr: instead of http: or https:', fix: 'write it like http://radarr:7878' },
    ]);
  });

  it('lets RADARR_URL override an instance whose file still says url, warning about the file all the same', () => {
    file('discarr.yml', VALID.replaceAll('radarr-4k', 'radarr').replace('    baseUrl: http://radarr:7878/radarr', '    url: http://radarr:7878/radarr'));
    const loaded = load({ env: { RADARR_URL: 'http://10.0.0.9:7878' } });
    expect(loaded.config.instances[0]?.baseUrl).toBe('http://10.0.0.9:7878');
    expect(loaded.sources.get('instances[0].baseUrl')).toBe('env RADARR_URL');
    expect(loaded.warnings).toEqual([expect.stringContaining('rename instances[0].url to baseUrl')]);
  });

  it('refuses url and baseUrl on one instance with one problem that says which to keep', () => {
    file('discarr.yml', VALID.replace('    baseUrl: https://sonarr.example.com', '    baseUrl: https://sonarr.example.com\n    url: http://sonarr:8989'));
    expect(issuesOf()).toEqual([
      { path: 'instances[1].url', problem: 'is set together with baseUrl (url is its former name)', fix: 'keep only instances[1].baseUrl: remove instances[1].url' },
    ]);
  });

  it('requires a token to start, but not for the demo', () => {
    file('discarr.yml', VALID.replace(`  token: ${TOKEN}\n`, ''));
    const issues = issuesOf();
    expect(issues).toEqual([expect.objectContaining({ path: 'discord.token', problem: 'is missing' })]);
    expect(issues[0]?.fix).toContain('DISCORD_TOKEN');
    expect(load({ mode: 'demo' }).config.discord.token).toBeUndefined();
  });

  it('requires an instance to start', () => {
    const issues = issuesOf({ env: { DISCORD_TOKEN: TOKEN } });
    expect(issues).toEqual([expect.objectContaining({ path: 'instances', problem: 'has no instance' })]);
    expect(issues[0]?.fix).toContain('RADARR_URL');
  });

  it('rejects two instances with the same name', () => {
    file('discarr.yml', VALID.replace('name: sonarr', 'name: Radarr-4K'));
    expect(issuesOf()).toEqual([
      { path: 'instances[1].name', value: '"Radarr-4K"', problem: 'is already the name of instances[0]', fix: 'give every instance its own name (names are compared without case)' },
    ]);
  });

  it('rejects an unknown event type and lists the known ones', () => {
    file('discarr.yml', VALID.replace('download.stalled', 'download.stuck'));
    const [issue] = issuesOf();
    expect(issue).toMatchObject({ path: 'routes[0].events[1]', value: '"download.stuck"', problem: 'is not an event type' });
    expect(issue?.fix).toContain('download.stalled');
  });

  it('rejects quiet hours that are not HH:MM and an unknown time zone', () => {
    file('discarr.yml', VALID.replace('start: "22:30"', 'start: "10pm"').replace('end: "07:00"', 'end: "24:00"').replace('Europe/Paris', 'Mars/Olympus'));
    const issues = issuesOf();
    expect(issues.map((issue) => [issue.path, issue.value, issue.problem])).toEqual([
      ['routes[0].quietHours.start', '"10pm"', 'is not a time of day as HH:MM'],
      ['routes[0].quietHours.end', '"24:00"', 'is not a time of day as HH:MM'],
      ['routes[0].quietHours.timezone', '"Mars/Olympus"', 'is not a time zone'],
    ]);
    expect(issues[0]?.fix).toContain('"22:30"');
  });

  it('rejects a route channel that is not a Discord id and a route naming no instance', () => {
    file('discarr.yml', VALID.replace(`  - channel: ${CHANNEL}`, '  - channel: "#downloads"').replace('instances: [radarr-4k]', 'instances: [radar-4k]'));
    const issues = issuesOf();
    expect(issues).toContainEqual(expect.objectContaining({ path: 'routes[0].channel', value: '"#downloads"', problem: 'is not a Discord id (17 to 20 digits)' }));
    expect(issues).toContainEqual({ path: 'routes[0].instances[0]', value: '"radar-4k"', problem: 'names no configured instance', fix: 'use one of: radarr-4k, sonarr' });
  });

  it('masks secrets in every error', () => {
    file('discarr.yml', VALID.replace(`apiKey: ${SONARR_KEY}`, `apiKey: { value: ${SONARR_KEY} }`).replace(`token: ${TOKEN}`, `token: [${TOKEN}]`).replace('secret: a-long-webhook-secret', 'secret: tiny7'));
    const error = messageOf();
    expect(error).toContain('instances[1].apiKey = ***: is not a string');
    expect(error).toContain('discord.token = ***: is not a string');
    expect(error).toContain('instances[0].push.webhook.secret = ***: is shorter than 8 characters');
    expect(error).not.toContain(TOKEN);
    expect(error).not.toContain(SONARR_KEY);
    expect(error).not.toContain('tiny7');
  });

  it('masks long secrets as their ends only', () => {
    expect(maskSecret(RADARR_KEY)).toBe('01…ef');
    expect(maskSecret('short')).toBe('***');
    expect(maskSecret(42)).toBe('***');
  });

  it('reads secrets from files (Docker secrets), trimming the final newline', () => {
    const tokenFile = file('token', `${TOKEN}\n`);
    const keyFile = file('radarr-key', `${RADARR_KEY}\n`);
    file('discarr.yml', VALID.replace(`token: ${TOKEN}`, `tokenFile: ${tokenFile}`).replace(`apiKey: ${RADARR_KEY}`, `apiKeyFile: ${keyFile}`));
    const { config } = load();
    expect(config.discord.token).toBe(TOKEN);
    expect(config.instances[0]?.apiKey).toBe(RADARR_KEY);
  });

  it('names the variable and the path of an unreadable *_FILE', () => {
    file('discarr.yml', VALID.replace(`apiKey: ${RADARR_KEY}`, `apiKeyFile: ${join(tmp.path, 'missing')}`));
    const issues = issuesOf({ env: { DISCORD_TOKEN_FILE: join(tmp.path, 'nope'), DISCORD_TOKEN: undefined } });
    expect(issues).toContainEqual({
      path: 'discord.tokenFile',
      source: 'env DISCORD_TOKEN_FILE',
      value: JSON.stringify(join(tmp.path, 'nope')),
      problem: `the file "${join(tmp.path, 'nope')}" cannot be read (ENOENT)`,
      fix: "check the path and that the bot's user may read it (with Docker, mount the secret), or set token directly",
    });
    expect(issues).toContainEqual(expect.objectContaining({ path: 'instances[0].apiKeyFile', problem: `the file "${join(tmp.path, 'missing')}" cannot be read (ENOENT)` }));
  });

  it('reports an empty secret file, a secret file that is not a path, and both forms at once', () => {
    const empty = file('empty', '\n');
    file('discarr.yml', VALID.replace(`apiKey: ${RADARR_KEY}`, `apiKeyFile: ${empty}`).replace(`apiKey: ${SONARR_KEY}`, `apiKey: ${SONARR_KEY}\n    apiKeyFile: 12`).replace(`token: ${TOKEN}`, 'tokenFile: 3'));
    expect(problemsOf()).toEqual([
      ['discord.tokenFile', 'is not a file path'],
      ['instances[0].apiKeyFile', `the file "${empty}" is empty`],
      ['instances[1].apiKeyFile', 'is set together with apiKey'],
    ]);
  });

  it('reports a secret file that cannot be read for lack of permission', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const locked = file('locked', TOKEN);
    chmodSync(locked, 0o000);
    file('discarr.yml', VALID.replace(`token: ${TOKEN}`, `tokenFile: ${locked}`));
    expect(issuesOf()[0]?.problem).toBe(`the file "${locked}" cannot be read (EACCES)`);
  });

  it('lets DISCARR_* variables override the file', () => {
    file('discarr.yml', VALID);
    const keyFile = file('key', 'ffffffffffffffffffffffffffffffff');
    const { config, sources } = load({
      env: {
        DISCARR_HTTP_PORT: '0',
        DISCARR_HTTP_HOST: '127.0.0.1',
        DISCARR_LOG_LEVEL: 'WARN',
        DISCARR_LOG_PRETTY: 'yes',
        DISCARR_STATE_PATH: '/data/state.json',
        DISCARR_DISCORD_GUILD_IDS: '323456789012345678, 423456789012345678',
        DISCARR_DISCORD_BOARD_CHANNELS: '523456789012345678',
        DISCARR_DISCORD_GLOBAL_COMMANDS: 'true',
        DISCARR_DISCORD_APPLICATION_ID: '623456789012345678',
        DISCARR_INSTANCE_RADARR_4K_URL: 'http://10.0.0.2:7878',
        DISCARR_INSTANCE_RADARR_4K_API_KEY_FILE: keyFile,
        DISCARR_INSTANCE_SONARR_WEBHOOK_SECRET: 'another-long-secret',
      },
    });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 0 });
    expect(config.log).toEqual({ level: 'warn', pretty: true });
    expect(config.state.path).toBe('/data/state.json');
    expect(config.discord).toMatchObject({ guildIds: ['323456789012345678', '423456789012345678'], boardChannels: ['523456789012345678'], globalCommands: true, applicationId: '623456789012345678' });
    expect(config.instances[0]).toMatchObject({ baseUrl: 'http://10.0.0.2:7878', apiKey: 'ffffffffffffffffffffffffffffffff' });
    expect(config.instances[1]?.push).toEqual({ webhook: { secret: 'another-long-secret' } });
    expect(sources.get('http.port')).toBe('env DISCARR_HTTP_PORT');
    expect(sources.get('instances[0].apiKey')).toBe(`env DISCARR_INSTANCE_RADARR_4K_API_KEY_FILE "${keyFile}"`);
  });

  it('names the variable when an environment value is wrong', () => {
    file('discarr.yml', VALID);
    const issues = issuesOf({
      env: { DISCARR_HTTP_PORT: '99999', DISCARR_LOG_PRETTY: 'maybe', CHECK_INTERVAL: 'often', DISCARR_INSTANCE_LIDARR_URL: 'http://lidarr', DISCARR_LOG_LEVEL: 'loud', DISCARR_INSTANCE_SONARR_URL: 'sonarr' },
    });
    expect(issues.map((issue) => [issue.path, issue.source, issue.value])).toEqual([
      ['DISCARR_HTTP_PORT', undefined, '"99999"'],
      ['DISCARR_LOG_PRETTY', undefined, '"maybe"'],
      ['DISCARR_INSTANCE_LIDARR_URL', undefined, undefined],
      ['CHECK_INTERVAL', undefined, '"often"'],
      ['instances[1].baseUrl', 'env DISCARR_INSTANCE_SONARR_URL', '"sonarr"'],
      ['log.level', 'env DISCARR_LOG_LEVEL', '"loud"'],
    ]);
  });

  it("accepts the older Discarr's variables", () => {
    const { config, warnings } = load({
      env: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_CHANNEL_ID: CHANNEL,
        DISCORD_CLIENT_ID: '723456789012345678',
        RADARR_URL: 'http://radarr:7878',
        RADARR_API_KEY: RADARR_KEY,
        SONARR_URL: 'http://sonarr:8989',
        SONARR_API_KEY: SONARR_KEY,
        CHECK_INTERVAL: '300',
        HEALTH_CHECK_INTERVAL: '60',
        VERBOSE: 'true',
        PLEX_URL: 'http://plex:32400',
      },
    });
    expect(config.discord).toEqual({ token: TOKEN, applicationId: '723456789012345678', guildIds: [], globalCommands: false, boardChannels: [CHANNEL] });
    expect(config.routes).toEqual([{ channel: CHANNEL }]);
    const intervals = { queueActiveMs: 300_000, queueIdleMs: 300_000, healthMs: 60_000 };
    expect(config.instances).toEqual([
      { name: 'radarr', kind: 'radarr', baseUrl: 'http://radarr:7878', apiKey: RADARR_KEY, intervals },
      { name: 'sonarr', kind: 'sonarr', baseUrl: 'http://sonarr:8989', apiKey: SONARR_KEY, intervals },
    ]);
    expect(config.log.level).toBe('debug');
    expect(warnings).toEqual(['PLEX_URL is ignored: Discarr no longer talks to Plex; remove it from the environment.']);
  });

  it('maps MIN/MAX_REFRESH_INTERVAL to the active and idle queue intervals and reads legacy key files', () => {
    const keyFile = file('radarr_key', RADARR_KEY);
    const { config } = load({ env: { DISCORD_TOKEN: TOKEN, RADARR_URL: 'http://radarr:7878', RADARR_API_KEY_FILE: keyFile, MIN_REFRESH_INTERVAL: '30', MAX_REFRESH_INTERVAL: '600' } });
    expect(config.instances).toEqual([{ name: 'radarr', kind: 'radarr', baseUrl: 'http://radarr:7878', apiKey: RADARR_KEY, intervals: { queueActiveMs: 30_000, queueIdleMs: 600_000 } }]);
  });

  it('lets legacy variables override an instance of the file with the same name, without duplicating routes', () => {
    file('discarr.yml', VALID.replace('name: sonarr', 'name: sonarr'));
    const { config } = load({ env: { SONARR_URL: 'http://other:8989', DISCORD_CHANNEL_ID: CHANNEL } });
    expect(config.instances).toHaveLength(2);
    expect(config.instances[1]?.baseUrl).toBe('http://other:8989');
    expect(config.routes).toHaveLength(1);
    expect(config.discord.boardChannels).toEqual([CHANNEL]);
  });

  it('reports a legacy URL without its key, and a token given twice', () => {
    expect(problemsOf({ env: { DISCORD_TOKEN: TOKEN, DISCORD_TOKEN_FILE: '/run/secrets/token', SONARR_URL: 'http://sonarr:8989' } })).toEqual([
      ['DISCORD_TOKEN', 'is set together with DISCORD_TOKEN_FILE'],
      ['SONARR_API_KEY', 'is missing while SONARR_URL is set'],
      ['discord.token', 'is missing'],
      ['instances', 'has no instance'],
    ]);
  });

  it('points at the line of a YAML syntax error', () => {
    file('discarr.yml', 'discord:\n  token: "unterminated\ninstances: []\n');
    const [issue] = issuesOf();
    expect(issue?.path).toMatch(/^line \d+, column \d+$/);
  });

  it('reports a named config file that does not exist, and a file that is not a mapping', () => {
    expect(issuesOf({ configPath: 'missing.yml' })[0]).toMatchObject({ path: '--config / DISCARR_CONFIG', problem: 'cannot be read (ENOENT)' });
    file('list.yml', '- a\n- b\n');
    expect(issuesOf({ configPath: 'list.yml' })[0]).toMatchObject({ path: '(root)', problem: 'is not a mapping of keys' });
  });

  it('treats an empty file as no settings', () => {
    file('discarr.yml', '# nothing yet\n');
    expect(load({ mode: 'demo' }).config.instances).toEqual([]);
  });

  it('reports wrong types and ranges in words', () => {
    file('discarr.yml', `${VALID}\nboard: { itemsPerPage: 40, minEditIntervalMs: -1 }\nlog: { level: loud }\nnotifications: { burstWindowMs: "10s" }\n`);
    expect(problemsOf()).toEqual([
      ['notifications.burstWindowMs', 'is not a number of milliseconds'],
      ['board.minEditIntervalMs', 'must be above 0'],
      ['board.itemsPerPage', 'is above 25'],
      ['log.level', 'is not a log level'],
    ]);
  });

  it('warns when nothing would be posted', () => {
    file('discarr.yml', VALID.replace(/routes:[\s\S]*?http:/, 'http:').replace(`  boardChannels: ["${CHANNEL}"]\n`, ''));
    expect(load().warnings).toEqual([expect.stringContaining('the bot will post nothing')]);
  });

  it('formats every problem with its fix', () => {
    file('discarr.yml', VALID.replace('kind: sonarr', 'kind: lidarr'));
    expect(messageOf()).toBe(
      [
        `${join(tmp.path, 'discarr.yml')}: 1 problem in the configuration`,
        '  ✗ instances[1].kind = "lidarr": must be radarr or sonarr',
        '      fix: set kind: radarr or kind: sonarr',
      ].join('\n'),
    );
  });

  it('suggests the closest known key only when it is close', () => {
    expect(closest('tokn', ['token', 'guildIds'])).toBe('token');
    expect(closest('banana', ['token', 'guildIds'])).toBeUndefined();
  });
});

describe('summarizeConfig', () => {
  it('shows what the bot will do without any secret', () => {
    file('discarr.yml', VALID);
    const summary = summarizeConfig(load());
    expect(summary).toContain('Configuration OK');
    expect(summary).toContain('radarr-4k');
    expect(summary).toContain('webhook /webhook/radarr-4k');
    expect(summary).toContain('quiet 22:30–07:00 Europe/Paris');
    expect(summary).toContain('MT…AB');
    expect(summary).not.toContain(TOKEN);
    expect(summary).not.toContain(RADARR_KEY);
    expect(summary).not.toContain(SONARR_KEY);
    expect(summary).not.toContain('a-long-webhook-secret');
  });
});

describe('discarr.example.yml', () => {
  it('is a valid configuration (with the secrets it expects from files)', () => {
    const example = readFileSync(join(import.meta.dirname, '..', '..', 'discarr.example.yml'), 'utf8');
    const radarrKey = file('radarr_api_key', RADARR_KEY);
    const sonarrKey = file('sonarr_api_key', SONARR_KEY);
    file('discarr.yml', example.replace('/run/secrets/radarr_api_key', radarrKey).replace('/run/secrets/sonarr_api_key', sonarrKey));
    const { config, warnings } = load({ env: { DISCORD_TOKEN: TOKEN } });
    expect(warnings).toEqual([]);
    expect(config.instances.map((instance) => instance.name)).toEqual(['radarr', 'radarr-4k', 'sonarr']);
    expect(config.routes[1]?.events).toContain('health.raised');
  });
});
