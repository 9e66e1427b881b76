/**
 * Parsers of the JSON bodies Radarr and Sonarr POST to a webhook (Settings > Connect > Webhook).
 * They check what a consumer relies on (the event type and the objects each event carries), name
 * the first thing that is wrong, and pass every other field through untouched.
 */
import type { RadarrSchemas } from './radarr-client.ts';
import type { SonarrSchemas } from './sonarr-client.ts';

/** Every Radarr webhook body, discriminated by `eventType`. */
export type RadarrWebhookPayload = RadarrSchemas['WebhookPayload'];
/** Every Sonarr webhook body, discriminated by `eventType`. */
export type SonarrWebhookPayload = SonarrSchemas['WebhookPayload'];

/** A webhook body that is not what the app sends; `field` names the culprit (`movie.title`). */
export class ArrWebhookError extends Error {
  override name = 'ArrWebhookError';
  readonly field: string;
  constructor(app: string, field: string, problem: string) {
    super(`${app} webhook: ${field} ${problem}`);
    this.field = field;
  }
}

interface Shape {
  [field: string]: 'object' | 'array' | 'string' | 'number' | 'boolean' | Shape;
}

const RADARR_MOVIE: Shape = { id: 'number', title: 'string' };
const SONARR_SERIES: Shape = { id: 'number', title: 'string' };
const HEALTH: Shape = { level: 'string', message: 'string', type: 'string' };

/** What each Radarr event carries beyond `eventType`, `instanceName` and `applicationUrl`. */
const RADARR_EVENTS: Record<string, Shape> = {
  Test: {},
  Grab: { movie: RADARR_MOVIE, release: 'object' },
  Download: { movie: RADARR_MOVIE, movieFile: 'object', isUpgrade: 'boolean' },
  Rename: { movie: RADARR_MOVIE },
  MovieAdded: { movie: RADARR_MOVIE },
  MovieFileDelete: { movie: RADARR_MOVIE, movieFile: 'object' },
  MovieDelete: { movie: RADARR_MOVIE },
  Health: HEALTH,
  HealthRestored: HEALTH,
  ApplicationUpdate: { message: 'string', previousVersion: 'string', newVersion: 'string' },
  ManualInteractionRequired: { movie: RADARR_MOVIE },
};

/** What each Sonarr event carries beyond `eventType`, `instanceName` and `applicationUrl`. */
const SONARR_EVENTS: Record<string, Shape> = {
  Test: {},
  Grab: { series: SONARR_SERIES, episodes: 'array', release: 'object' },
  // Sonarr sends two Download shapes: one per imported file (with isUpgrade) and one when a whole
  // download is imported (episodeFiles, no isUpgrade).
  Download: { series: SONARR_SERIES, episodes: 'array', 'isUpgrade?': 'boolean', 'episodeFiles?': 'array' },
  Rename: { series: SONARR_SERIES },
  SeriesAdd: { series: SONARR_SERIES },
  SeriesDelete: { series: SONARR_SERIES },
  EpisodeFileDelete: { series: SONARR_SERIES, episodes: 'array', episodeFile: 'object' },
  Health: HEALTH,
  HealthRestored: HEALTH,
  ApplicationUpdate: { message: 'string', previousVersion: 'string', newVersion: 'string' },
  ManualInteractionRequired: { series: SONARR_SERIES, episodes: 'array' },
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function check(app: string, value: Record<string, unknown>, shape: Shape, prefix: string): void {
  for (const [name, expected] of Object.entries(shape)) {
    // A trailing `?` marks a field that may be absent but must have its type when present.
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    const field = prefix ? `${prefix}.${key}` : key;
    const actual = value[key];
    if (optional && actual === undefined) continue;
    if (typeof expected === 'object') {
      if (typeOf(actual) !== 'object') throw new ArrWebhookError(app, field, `must be an object, got ${typeOf(actual)}`);
      check(app, actual as Record<string, unknown>, expected, field);
    } else if (typeOf(actual) !== expected) {
      throw new ArrWebhookError(app, field, `must be ${expected === 'array' ? 'an array' : `a ${expected}`}, got ${typeOf(actual)}`);
    }
  }
}

function parse(app: string, events: Record<string, Shape>, body: unknown): unknown {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArrWebhookError(app, 'body', 'is not valid JSON');
    }
  }
  if (typeOf(value) !== 'object') throw new ArrWebhookError(app, 'body', `must be a JSON object, got ${typeOf(value)}`);
  const payload = value as Record<string, unknown>;
  const eventType = payload.eventType;
  if (typeof eventType !== 'string') throw new ArrWebhookError(app, 'eventType', `must be a string, got ${typeOf(eventType)}`);
  const shape = events[eventType];
  if (!shape) {
    throw new ArrWebhookError(app, 'eventType', `"${eventType}" is not a ${app} event; expected one of ${Object.keys(events).join(', ')}`);
  }
  check(app, payload, shape, '');
  return payload;
}

/** Parses a Radarr webhook body (object, JSON string or bytes); throws `ArrWebhookError` when malformed. */
export function parseRadarrWebhook(body: unknown): RadarrWebhookPayload {
  return parse('Radarr', RADARR_EVENTS, body) as RadarrWebhookPayload;
}

/** Parses a Sonarr webhook body (object, JSON string or bytes); throws `ArrWebhookError` when malformed. */
export function parseSonarrWebhook(body: unknown): SonarrWebhookPayload {
  return parse('Sonarr', SONARR_EVENTS, body) as SonarrWebhookPayload;
}

/** The event types each app sends. */
export const RADARR_WEBHOOK_EVENTS: readonly string[] = Object.keys(RADARR_EVENTS);
export const SONARR_WEBHOOK_EVENTS: readonly string[] = Object.keys(SONARR_EVENTS);
