import { describe, expect, it } from 'vitest';
import { maskSecret, redactPath, redactSecrets } from './redact.ts';

const KEY = '0123456789abcdef0123456789abcdef';

describe('redactSecrets', () => {
  it('removes a given secret wherever it appears, as is and URL-encoded', () => {
    expect(redactSecrets(`Invalid API key: ${KEY}`, [KEY])).toBe('Invalid API key: [redacted]');
    const odd = 'p@ss/word+1';
    expect(redactSecrets(`u=${encodeURIComponent(odd)} raw ${odd}`, [odd])).toBe('u=[redacted] raw [redacted]');
  });

  it('removes apikey=, token=, secret= and password= values even when the secret was not given', () => {
    const text = 'GET /api?apikey=abc123&x=1 api_key=zz token=t0k secret=s3 password=hunter2 ApiKey=Z';
    expect(redactSecrets(text, [])).toBe(
      'GET /api?apikey=[redacted]&x=1 api_key=[redacted] token=[redacted] secret=[redacted] password=[redacted] ApiKey=[redacted]',
    );
  });

  it('removes X-Api-Key header values, URL credentials, Bearer values and Discord-token shapes', () => {
    expect(redactSecrets('X-Api-Key: abcdef', [])).toBe('X-Api-Key: [redacted]');
    expect(redactSecrets('{"X-Api-Key":"abcdef"}', [])).toBe('{"X-Api-Key":"[redacted]"}');
    expect(redactSecrets('http://admin:hunter2@radarr:7878/', [])).toBe('http://[redacted]@radarr:7878/');
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnopqrstu', [])).toBe('Authorization: Bearer [redacted]');
    const token = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(38)}`;
    expect(redactSecrets(`token ${token} leaked`, [])).toBe('token [redacted] leaked');
  });

  it('keeps ordinary text and ignores secrets too short to be real', () => {
    expect(redactSecrets('radarr answered 200 in 12 ms', [KEY, 'ab', ''])).toBe('radarr answered 200 in 12 ms');
  });
});

describe('redactPath', () => {
  it('masks secret query parameters and keeps the rest', () => {
    expect(redactPath(new URL(`http://x/api/v3/queue?page=2&apikey=${KEY}`))).toBe('/api/v3/queue?page=2&apikey=***');
  });
});

describe('maskSecret', () => {
  it('shows two characters at each end of a long secret and nothing of a short one or a non-string', () => {
    expect(maskSecret('0123456789abcdef0123456789abcdef')).toBe('01…ef');
    expect(maskSecret('short-key')).toBe('***');
    expect(maskSecret(42)).toBe('***');
  });
});
