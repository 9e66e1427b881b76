import { describe, expect, it } from 'vitest';
import { matchesRoute, patternKey } from './route-match.ts';

describe('matchesRoute', () => {
  it.each([
    [undefined, 'GET /api/v3/queue', true],
    ['GET /api/v3/queue', 'GET /api/v3/queue', true],
    ['/api/v3/queue', 'GET /api/v3/queue', true],
    ['/api/v3/queue', 'DELETE /api/v3/queue/{id}', true],
    ['/api/v3/queue/', 'GET /api/v3/queue/status', true],
    ['/api/v3/queue', 'GET /api/v3/queuex', false],
    ['/api/v3/queue', 'GET /api/v3/movie', false],
    ['GET /api/v3/queue', 'GET /api/v3/queue/details', true],
    ['get /api/v3/queue', 'GET /api/v3/queue', true],
    ['POST /api/v3/queue', 'GET /api/v3/queue', false],
    ['/api', 'GET /api/v3/system/status', true],
    [/queue/, 'GET /api/v3/queue', true],
    [/^POST /, 'GET /api/v3/command', false],
  ] as const)('pattern %s selects %s: %s', (pattern, route, expected) => {
    expect(matchesRoute(pattern, route)).toBe(expected);
  });

  it('matches a global regular expression every time, whatever its lastIndex', () => {
    const pattern = /queue/g;
    expect([1, 2, 3].map(() => matchesRoute(pattern, 'GET /api/v3/queue'))).toEqual([true, true, true]);
  });

  it('gives one key per pattern, telling strings from expressions with the same text', () => {
    expect(patternKey('/api')).toBe(patternKey('/api'));
    expect(patternKey(/api/i)).toBe(patternKey(/api/i));
    expect(patternKey(/api/)).not.toBe(patternKey(/api/i));
    expect(patternKey('api')).not.toBe(patternKey(/api/));
  });
});
