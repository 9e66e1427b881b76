import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets, sdkLoggerOf, secretsOf } from './logging.ts';

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

  it('keeps ordinary values readable', () => {
    expect(scrubSecrets('radarr answered 200 in 12 ms', [API_KEY])).toBe('radarr answered 200 in 12 ms');
    expect(scrubSecrets(`key=${API_KEY}`, [API_KEY])).toBe('key=[redacted]');
  });

  it('collects the secrets of a configuration', () => {
    expect(secretsOf({ discord: { token: TOKEN }, instances: [{ apiKey: API_KEY, push: { webhook: { secret: WEBHOOK_SECRET } } }, { apiKey: 'other-key-123' }] })).toEqual([
      TOKEN,
      API_KEY,
      WEBHOOK_SECRET,
      'other-key-123',
    ]);
  });

  it('adapts pino to the SDK logger hook', () => {
    const out = buffer();
    const logger = createLogger({ level: 'debug', pretty: false, secrets: [], destination: out.stream });
    const sdk = sdkLoggerOf(logger);
    sdk.debug('GET /api/v3/queue', { status: 200 });
    sdk.warn('retrying');
    const lines = out.text().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; status?: number; level: number });
    expect(lines.map((line) => [line.msg, line.level, line.status])).toEqual([
      ['GET /api/v3/queue', 20, 200],
      ['retrying', 40, undefined],
    ]);
  });
});
