import { describe, expect, it } from 'vitest';
import {
  radarrUnmatchedInteraction,
  radarrWebhooks,
  sonarrImportComplete,
  sonarrUnmatchedInteraction,
  sonarrWebhooks,
} from '../test/webhook-fixtures.ts';
import { webhookEvents as radarrEvents, webhookSchemas as radarrSchemas } from './generated/radarr-shapes.ts';
import { webhookEvents as sonarrEvents, webhookSchemas as sonarrSchemas } from './generated/sonarr-shapes.ts';
import type { FieldShape, ObjectShape } from './shape-check.ts';
import { ArrWebhookError, RADARR_WEBHOOK_EVENTS, SONARR_WEBHOOK_EVENTS, parseRadarrWebhook, parseSonarrWebhook } from './webhooks.ts';

const errorOf = (parse: () => unknown): ArrWebhookError => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ArrWebhookError) return error;
    throw error;
  }
  throw new Error('expected an ArrWebhookError');
};

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

  it('names the field that is missing or wrong', () => {
    const { movie: _movie, ...noMovie } = radarrWebhooks.Grab!;
    expect(() => parseRadarrWebhook(noMovie)).toThrow(new ArrWebhookError('Radarr', 'movie', 'must be an object, got undefined'));
    expect(() => parseRadarrWebhook({ ...radarrWebhooks.Grab, movie: { id: 1 } })).toThrow(/movie\.title must be a string, got undefined/);
    expect(() => parseRadarrWebhook({ ...radarrWebhooks.Download, isUpgrade: 'yes' })).toThrow(/isUpgrade must be a boolean, got string/);
  });

  // Issue 9 #1: a numeric quality made rendering throw and blocked the channel behind it.
  it('refuses a Grab whose release fields have the wrong type, naming each field', () => {
    const grab = radarrWebhooks.Grab!;
    const release = grab.release as Record<string, unknown>;
    expect(errorOf(() => parseRadarrWebhook({ ...grab, release: { ...release, quality: 123 } })).message).toBe('Radarr webhook: release.quality must be a string, got number');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, release: { ...release, releaseTitle: 5 } })).field).toBe('release.releaseTitle');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, release: { ...release, indexer: {} } })).field).toBe('release.indexer');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, downloadClient: 7 })).field).toBe('downloadClient');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, release: 12 })).message).toBe('Radarr webhook: release must be an object, got number');
  });

  it('checks the items of nested arrays', () => {
    const grab = radarrWebhooks.Grab!;
    const movie = grab.movie as Record<string, unknown>;
    expect(errorOf(() => parseRadarrWebhook({ ...grab, movie: { ...movie, tags: ['uhd', 4] } })).message).toBe('Radarr webhook: movie.tags[1] must be a string, got number');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, movie: { ...movie, images: 'poster' } })).field).toBe('movie.images');
    expect(errorOf(() => parseRadarrWebhook({ ...grab, movie: { ...movie, images: [{ coverType: 1 }] } })).field).toBe('movie.images[0].coverType');
    const mir = radarrWebhooks.ManualInteractionRequired!;
    expect(errorOf(() => parseRadarrWebhook({ ...mir, downloadStatusMessages: [{ title: 't', messages: [null] }] })).field).toBe('downloadStatusMessages[0].messages[0]');
  });

  it('refuses a fractional number where the document says integer', () => {
    const grab = radarrWebhooks.Grab!;
    expect(errorOf(() => parseRadarrWebhook({ ...grab, movie: { ...(grab.movie as object), id: 1.5 } })).message).toBe('Radarr webhook: movie.id must be an integer, got 1.5');
  });

  // Radarr master: src/NzbDrone.Core/Notifications/NotificationService.cs Handle(ManualInteractionRequiredEvent)
  // builds the message with `Movie = message.RemoteMovie?.Movie`, and WebhookBase.cs GetMovie(null)
  // returns null, which the serializer leaves out (WebhookManualInteractionPayload.cs).
  it('accepts ManualInteractionRequired for a download Radarr could not match, without a movie', () => {
    const parsed = parseRadarrWebhook(radarrUnmatchedInteraction);
    if (parsed.eventType !== 'ManualInteractionRequired') throw new Error('expected ManualInteractionRequired');
    expect(parsed.movie).toBeUndefined();
    expect(parsed.downloadInfo.title).toBe('Some.Unknown.Release.2024.1080p-XYZ');
    expect(parsed.downloadId).toBe('FEDCBA0000');
    const { downloadInfo: _info, ...noInfo } = radarrUnmatchedInteraction;
    expect(errorOf(() => parseRadarrWebhook(noInfo)).field).toBe('downloadInfo');
  });

  it('rejects an unknown event type, listing the known ones', () => {
    expect(() => parseRadarrWebhook({ eventType: 'SeriesAdd' })).toThrow(/"SeriesAdd" is not a Radarr event; expected one of Test, Grab/);
  });

  // Issue 9 #2: `__proto__` and friends were accepted as event types.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('refuses the event type %s, which only a prototype has', (eventType) => {
    expect(errorOf(() => parseRadarrWebhook({ ...radarrWebhooks.Test, eventType })).field).toBe('eventType');
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrWebhooks.Test, eventType })).field).toBe('eventType');
  });

  it('does not read fields through the prototype chain nor pollute it', () => {
    const body = `{"eventType":"Test","__proto__":{"polluted":true},"instanceName":"R","applicationUrl":"","movie":${JSON.stringify(radarrWebhooks.Test!.movie)},"remoteMovie":${JSON.stringify(radarrWebhooks.Test!.remoteMovie)},"release":${JSON.stringify(radarrWebhooks.Test!.release)}}`;
    expect(parseRadarrWebhook(body).eventType).toBe('Test');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const inherited = Object.create({ eventType: 'Test' }) as object;
    expect(errorOf(() => parseRadarrWebhook(inherited)).field).toBe('eventType');
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

  // Sonarr main: src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs BuildOnDownloadPayload (one per
  // file, WebhookImportPayload.cs) and BuildOnImportCompletePayload (WebhookImportCompletePayload.cs).
  it('accepts both Download bodies and lets the consumer tell them apart', () => {
    const perFile = parseSonarrWebhook(sonarrWebhooks.Download);
    const complete = parseSonarrWebhook(sonarrImportComplete);
    if (perFile.eventType !== 'Download' || complete.eventType !== 'Download') throw new Error('expected Downloads');
    expect('episodeFiles' in perFile).toBe(false);
    if ('episodeFiles' in complete) {
      expect(complete.fileCount).toBe(2);
      expect(complete.episodeFiles.map((file) => file.id)).toEqual([91, 92]);
    } else {
      throw new Error('expected the import-complete body');
    }
    if (!('episodeFiles' in perFile)) expect(perFile.isUpgrade).toBe(true);
  });

  it('names the wrong field of whichever Download body it resembles', () => {
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrWebhooks.Download, episodeFile: 5 })).message).toBe('Sonarr webhook: episodeFile must be an object, got number');
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrImportComplete, fileCount: '2' })).message).toBe('Sonarr webhook: fileCount must be an integer, got string');
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrImportComplete, episodeFiles: [{ id: 1 }] })).field).toBe('episodeFiles[0].relativePath');
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrWebhooks.Download, isUpgrade: 'no' })).message).toMatch(/isUpgrade must be a boolean, got string/);
  });

  // Sonarr main: NotificationService.cs Handle(ManualInteractionRequiredEvent) leaves the series null for
  // an unknown download; WebhookBase.cs still sends `episodes` (empty).
  it('accepts ManualInteractionRequired for a download Sonarr could not match, without a series', () => {
    const parsed = parseSonarrWebhook(sonarrUnmatchedInteraction);
    if (parsed.eventType !== 'ManualInteractionRequired') throw new Error('expected ManualInteractionRequired');
    expect(parsed.series).toBeUndefined();
    expect(parsed.episodes).toEqual([]);
    expect(parsed.downloadInfo.title).toBe('Some.Unknown.Show.S01E01.1080p-XYZ');
  });

  it('rejects a Grab without its episodes, and an episode without its number', () => {
    expect(() => parseSonarrWebhook({ ...sonarrWebhooks.Grab, episodes: null })).toThrow(/episodes must be an array, got null/);
    const episodes = [{ id: 1, seasonNumber: 1 }];
    expect(errorOf(() => parseSonarrWebhook({ ...sonarrWebhooks.Grab, episodes })).field).toBe('episodes[0].episodeNumber');
  });
});

/** A value of the wrong JSON type for a shape. */
function wrongFor(shape: FieldShape): unknown {
  if (shape === 'string') return 42;
  if (shape === 'integer' || shape === 'number') return 'x';
  if (shape === 'boolean') return 'true';
  if (typeof shape === 'object' && 'array' in shape) return { not: 'an array' };
  return 7;
}

type Leaf = { path: string[]; shape: FieldShape };

/** Every field of `value` that its shape declares (with a checkable type), as paths. */
function declaredFields(value: unknown, shape: FieldShape, schemas: Record<string, ObjectShape>, path: string[] = []): Leaf[] {
  if (typeof shape === 'string') return shape === 'unknown' ? [] : [{ path, shape }];
  if ('nullable' in shape) return value === null ? [] : declaredFields(value, shape.nullable, schemas, path);
  if ('anyOf' in shape) return [];
  if ('array' in shape) {
    const items = Array.isArray(value) ? value.flatMap((item, index) => declaredFields(item, shape.array, schemas, [...path, String(index)])) : [];
    return [{ path, shape }, ...items];
  }
  const object = 'ref' in shape ? schemas[shape.ref]! : shape.object;
  const record = value as Record<string, unknown>;
  const fields = Object.entries(object.fields).flatMap(([key, field]) => (key in record ? declaredFields(record[key], field, schemas, [...path, key]) : []));
  return path.length > 0 ? [{ path, shape }, ...fields] : fields;
}

function mutate(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>; // fixtures share objects: unshare them
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = value;
  return copy;
}

const dotted = (path: string[]): string => path.map((key, i) => (/^\d+$/.test(key) ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`)).join('');

describe('every declared field is checked', () => {
  type Case = [string, (body: unknown) => unknown, Record<string, unknown>, FieldShape, Record<string, ObjectShape>];
  const cases: Case[] = [
    ...Object.entries(radarrWebhooks).map(([type, body]): Case => [`Radarr ${type}`, parseRadarrWebhook, body, radarrEvents[type]!, radarrSchemas as Record<string, ObjectShape>]),
    ...Object.entries(sonarrWebhooks)
      .filter(([type]) => type !== 'Download')
      .map(([type, body]): Case => [`Sonarr ${type}`, parseSonarrWebhook, body, sonarrEvents[type]!, sonarrSchemas as Record<string, ObjectShape>]),
    ['Sonarr Download (per file)', parseSonarrWebhook, sonarrWebhooks.Download!, { ref: 'WebhookEpisodeImportPayload' }, sonarrSchemas],
    ['Sonarr Download (import complete)', parseSonarrWebhook, sonarrImportComplete, { ref: 'WebhookImportCompletePayload' }, sonarrSchemas],
  ];

  it.each(cases)('%s: a wrong type in any declared field is refused, naming that field', (_name, parse, body, shape, schemas) => {
    const fields = declaredFields(body, shape, schemas).filter((leaf) => leaf.path[0] !== 'eventType');
    expect(fields.length).toBeGreaterThan(3);
    for (const { path, shape: fieldShape } of fields) {
      const error = errorOf(() => parse(mutate(body, path, wrongFor(fieldShape))));
      expect(error.field, `mutating ${dotted(path)}`).toBe(dotted(path));
    }
  });
});
