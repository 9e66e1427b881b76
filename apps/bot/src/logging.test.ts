import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, secretsOf } from './logging.ts';

const API_KEY = '0123456789abcdef0123456789abcdef';
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const WEBHOOK_SECRET = 'hook-secret-value-42';

function buffer(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function logEverywhere(pretty: boolean, secrets: string[]): string {
  const out = buffer();
  const logger = createLogger({ level: 'debug', pretty, secrets, destination: out.stream });
  logger.info({ apiKey: API_KEY }, 'top-level key');
  logger.info({ instance: { name: 'radarr', apiKey: API_KEY, push: { webhook: { secret: WEBHOOK_SECRET } } } }, 'nested key');
  logger.info({ request: { headers: { 'x-api-key': API_KEY, authorization: `Bot ${TOKEN}` } } }, 'headers');
  logger.info({ headers: { 'x-api-key': API_KEY } }, 'top-level headers');
  logger.info({ discord: { token: TOKEN } }, 'token by key');
  logger.warn(`message holding the key ${API_KEY} and the token ${TOKEN}`);
  logger.error({ err: new Error(`GET http://radarr:7878/api/v3/queue?apikey=${API_KEY} failed`) }, 'error with a URL');
  logger.debug({ note: `an innocent key holding ${WEBHOOK_SECRET}` }, 'value under another key');
  logger.child({ token: TOKEN }).info('child bindings');
  logger.info({ list: [{ apiKey: API_KEY }] }, 'key in an array');
  logger.info({ url: `http://sonarr:8989/api/v3/system/status?apiKey=${encodeURIComponent(API_KEY)}` }, 'url');
  return out.text();
}

describe('logging', () => {
  it('never writes a key, a token or a webhook secret in JSON lines', () => {
    const text = logEverywhere(false, [API_KEY, TOKEN, WEBHOOK_SECRET]);
    expect(text.split('\n').filter(Boolean)).toHaveLength(11);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).toContain('[redacted]');
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('never writes them in pretty lines either', () => {
    const text = logEverywhere(true, [API_KEY, TOKEN, WEBHOOK_SECRET]);
    expect(text).toContain('top-level key');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(WEBHOOK_SECRET);
  });

  it('scrubs Discord-token shapes and apikey queries even when the secret was not declared', () => {
    const text = logEverywhere(false, []);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/apikey=0123/i);
  });

  it('keeps ordinary values readable, and removes credentials in URLs', () => {
    const out = buffer();
    const logger = createLogger({ level: 'info', pretty: false, secrets: [API_KEY], destination: out.stream });
    logger.info('radarr answered 200 in 12 ms');
    logger.info({ url: `http://admin:${'p4ss'.repeat(3)}@radarr:7878` }, 'instance');
    const text = out.text();
    expect(text).toContain('radarr answered 200 in 12 ms');
    expect(text).toContain('http://[redacted]@radarr:7878');
    expect(text).not.toContain('p4ss');
  });

  it('collects the secrets of a configuration', () => {
    expect(secretsOf({ discord: { token: TOKEN }, instances: [{ apiKey: API_KEY, push: { webhook: { secret: WEBHOOK_SECRET } } }, { apiKey: 'other-key-123' }] })).toEqual([
      TOKEN,
      API_KEY,
      WEBHOOK_SECRET,
      'other-key-123',
    ]);
  });

  it('loads pino-pretty only for coloured lines', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const path = require.resolve('pino-pretty');
    // Earlier tests of this file loaded it: forget it first.
    Reflect.deleteProperty(require.cache, path);
    createLogger({ level: 'info', pretty: false, secrets: [], destination: buffer().stream }).info('json');
    expect(require.cache[path]).toBeUndefined();
    createLogger({ level: 'info', pretty: true, secrets: [], destination: buffer().stream }).info('pretty');
    expect(require.cache[path]).toBeDefined();
  });
});
