/**
 * Parsers of the JSON bodies Radarr and Sonarr POST to a webhook (Settings > Connect > Webhook).
 * Every field our documents declare for an event type is checked for its type when present and for
 * its presence when required, array items included (the shapes are generated from the documents'
 * webhook schemas, so the parsers cannot drift from the types). The first thing wrong is named in an
 * `ArrWebhookError`; fields the documents do not declare pass through untouched.
 */
import { webhookEvents as radarrEvents, webhookSchemas as radarrSchemas } from './generated/radarr-shapes.ts';
import { webhookEvents as sonarrEvents, webhookSchemas as sonarrSchemas } from './generated/sonarr-shapes.ts';
import type { RadarrSchemas } from './radarr-client.ts';
import { checkShape, jsonTypeOf, ShapeMismatch, type FieldShape, type ObjectShape } from './shape-check.ts';
import type { SonarrSchemas } from './sonarr-client.ts';

/** Every Radarr webhook body, discriminated by `eventType`. */
export type RadarrWebhookPayload = RadarrSchemas['WebhookPayload'];
/**
 * Every Sonarr webhook body, discriminated by `eventType`. `Download` comes in two shapes: one per
 * imported file (`episodeFile`, `isUpgrade`) and one for the whole download (`episodeFiles`,
 * `fileCount`, `sourcePath`, `destinationPath`); tell them apart with `'episodeFiles' in payload`.
 */
export type SonarrWebhookPayload = SonarrSchemas['WebhookPayload'];

/** A webhook body that is not what the app sends; `field` names the culprit (`movie.title`). */
export class ArrWebhookError extends Error {
  /** Always `'ArrWebhookError'`. */
  override name = 'ArrWebhookError';
  /** The payload field that is missing or malformed (`movie.id`). */
  readonly field: string;
  constructor(app: string, field: string, problem: string) {
    super(`${app} webhook: ${field} ${problem}`);
    this.field = field;
  }
}

interface AppShapes {
  app: 'Radarr' | 'Sonarr';
  /** Keyed by `eventType` in a Map: a body's `eventType` never reaches an object's prototype. */
  events: ReadonlyMap<string, FieldShape>;
  schemas: ReadonlyMap<string, ObjectShape>;
}

const RADARR: AppShapes = { app: 'Radarr', events: new Map(Object.entries(radarrEvents)), schemas: new Map(Object.entries(radarrSchemas)) };
const SONARR: AppShapes = { app: 'Sonarr', events: new Map(Object.entries(sonarrEvents)), schemas: new Map(Object.entries(sonarrSchemas)) };

function parse(shapes: AppShapes, body: unknown): unknown {
  const { app } = shapes;
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArrWebhookError(app, 'body', 'is not valid JSON');
    }
  }
  if (jsonTypeOf(value) !== 'object') throw new ArrWebhookError(app, 'body', `must be a JSON object, got ${jsonTypeOf(value)}`);
  const payload = value as Record<string, unknown>;
  const eventType = Object.hasOwn(payload, 'eventType') ? payload.eventType : undefined;
  if (typeof eventType !== 'string') throw new ArrWebhookError(app, 'eventType', `must be a string, got ${jsonTypeOf(eventType)}`);
  const shape = shapes.events.get(eventType);
  if (shape === undefined) {
    throw new ArrWebhookError(app, 'eventType', `${JSON.stringify(eventType.slice(0, 60))} is not a ${app} event; expected one of ${[...shapes.events.keys()].join(', ')}`);
  }
  try {
    checkShape(payload, shape, shapes.schemas, '');
  } catch (error) {
    if (error instanceof ShapeMismatch) throw new ArrWebhookError(app, error.field, error.problem);
    throw error;
  }
  return payload;
}

/** Parses a Radarr webhook body (object, JSON string or bytes); throws `ArrWebhookError` naming the first wrong field. */
export function parseRadarrWebhook(body: unknown): RadarrWebhookPayload {
  return parse(RADARR, body) as RadarrWebhookPayload;
}

/** Parses a Sonarr webhook body (object, JSON string or bytes); throws `ArrWebhookError` naming the first wrong field. */
export function parseSonarrWebhook(body: unknown): SonarrWebhookPayload {
  return parse(SONARR, body) as SonarrWebhookPayload;
}

/** The event types Radarr sends. */
export const RADARR_WEBHOOK_EVENTS: readonly string[] = [...RADARR.events.keys()];
/** The event types Sonarr sends. */
export const SONARR_WEBHOOK_EVENTS: readonly string[] = [...SONARR.events.keys()];
