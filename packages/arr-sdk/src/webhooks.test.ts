import { describe, expect, it } from 'vitest';
import { radarrWebhooks, sonarrWebhooks } from '../test/webhook-fixtures.ts';
import { ArrWebhookError, RADARR_WEBHOOK_EVENTS, SONARR_WEBHOOK_EVENTS, parseRadarrWebhook, parseSonarrWebhook } from './webhooks.ts';

describe('parseRadarrWebhook', () => {
  it.each(RADARR_WEBHOOK_EVENTS)('accepts a %s body and keeps every field', (eventType) => {
    const body = radarrWebhooks[eventType]!;
    const parsed = parseRadarrWebhook({ ...body, somethingNew: 42 });
    expect(parsed.eventType).toBe(eventType);
    expect(parsed).toMatchObject({ ...body, somethingNew: 42 });
  });

  it('narrows the union on eventType', () => {
    const parsed = parseRadarrWebhook(JSON.stringify(radarrWebhooks.Download));
    if (parsed.eventType !== 'Download') throw new Error('expected a Download');
    expect(parsed.isUpgrade).toBe(false);
    expect(parsed.movie.title).toBe('The Quiet Harbor');
  });

  it('accepts bytes as they come off the wire', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(radarrWebhooks.Grab));
    expect(parseRadarrWebhook(bytes).eventType).toBe('Grab');
  });

  it('names the field that is wrong', () => {
    const { movie: _movie, ...noMovie } = radarrWebhooks.Grab!;
    expect(() => parseRadarrWebhook(noMovie)).toThrow(new ArrWebhookError('Radarr', 'movie', 'must be an object, got undefined'));
    expect(() => parseRadarrWebhook({ ...radarrWebhooks.Grab, movie: { id: 1 } })).toThrow(/movie\.title must be a string/);
    expect(() => parseRadarrWebhook({ ...radarrWebhooks.Download, isUpgrade: 'yes' })).toThrow(/isUpgrade must be a boolean, got string/);
  });

  it('rejects an unknown event type, listing the known ones', () => {
    expect(() => parseRadarrWebhook({ eventType: 'SeriesAdd' })).toThrow(/"SeriesAdd" is not a Radarr event; expected one of Test, Grab/);
  });

  it('rejects bodies that are not JSON objects', () => {
    expect(() => parseRadarrWebhook('{"eventType":')).toThrow(/body is not valid JSON/);
    expect(() => parseRadarrWebhook([1, 2])).toThrow(/body must be a JSON object, got array/);
    expect(() => parseRadarrWebhook({})).toThrow(/eventType must be a string, got undefined/);
  });
});

describe('parseSonarrWebhook', () => {
  it.each(SONARR_WEBHOOK_EVENTS)('accepts a %s body and keeps every field', (eventType) => {
    const body = sonarrWebhooks[eventType]!;
    const parsed = parseSonarrWebhook(body);
    expect(parsed.eventType).toBe(eventType);
    expect(parsed).toMatchObject(body);
  });

  it('accepts the import-complete Download, which has episodeFiles and no isUpgrade', () => {
    const { isUpgrade: _isUpgrade, episodeFile: _episodeFile, ...complete } = sonarrWebhooks.Download!;
    const parsed = parseSonarrWebhook({ ...complete, episodeFiles: [] });
    expect(parsed.eventType).toBe('Download');
    expect(() => parseSonarrWebhook({ ...complete, isUpgrade: 'no' })).toThrow(/isUpgrade must be a boolean, got string/);
  });

  it('rejects a Grab without its episodes', () => {
    expect(() => parseSonarrWebhook({ ...sonarrWebhooks.Grab, episodes: null })).toThrow(/episodes must be an array, got null/);
  });
});
