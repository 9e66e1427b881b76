import { describe, expect, it } from 'vitest';
import { ArrOptionsError } from './options.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';

describe('options', () => {
  it('names the option and the fix when the options are wrong', () => {
    expect(() => createRadarrClient({ baseUrl: 'localhost:7878', apiKey: 'k' })).toThrow(ArrOptionsError);
    expect(() => createRadarrClient({ baseUrl: 'nas:7878', apiKey: 'k' })).toThrow(/baseUrl must start with http/);
    expect(() => createRadarrClient({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(/baseUrl "not a url" is not a URL/);
    expect(() => createRadarrClient({ baseUrl: 'http://nas:7878?apikey=abc', apiKey: 'k' })).toThrow(/must not hold a query string/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: ' ' })).toThrow(/apiKey is empty; copy it from Sonarr's Settings/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: 'k', timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number, got -1/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: 'k', deadlineMs: Number.NaN })).toThrow(/deadlineMs must be a positive number, got NaN/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: 'k', maxResponseBytes: -5 })).toThrow(/maxResponseBytes must be a positive number/);
  });
});
