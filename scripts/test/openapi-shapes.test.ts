import { describe, expect, it } from 'vitest';
import { readOnlyFieldsOf, webhookShapesOf } from '../openapi-shapes.ts';

// A small document written for these tests, with the constructs our webhook schemas use: refs,
// allOf, open enums (anyOf of an enum and a string), nullable types, arrays and a union member.
const document = {
  components: {
    schemas: {
      Level: { anyOf: [{ type: 'string', enum: ['ok', 'warning'] }, { type: 'string' }] },
      Media: {
        type: 'object',
        required: ['id', 'title'],
        properties: { id: { type: 'integer', readOnly: true }, title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, note: { type: ['string', 'null'] } },
      },
      Renamed: { allOf: [{ $ref: '#/components/schemas/Media' }, { type: 'object', required: ['previous'], properties: { previous: { type: 'string' } } }] },
      Holder: { type: 'object', properties: { stats: { type: 'object', readOnly: true }, media: { type: 'array', items: { $ref: '#/components/schemas/Media' } } } },
      GrabPayload: {
        type: 'object',
        required: ['eventType', 'media'],
        properties: { eventType: { type: 'string', const: 'Grab' }, media: { $ref: '#/components/schemas/Media' }, level: { $ref: '#/components/schemas/Level' }, renamed: { type: 'array', items: { $ref: '#/components/schemas/Renamed' } } },
      },
      PerFile: { type: 'object', required: ['eventType', 'file'], properties: { eventType: { type: 'string', const: 'Download' }, file: { type: 'string' } } },
      Complete: { type: 'object', required: ['eventType', 'files'], properties: { eventType: { type: 'string', const: 'Download' }, files: { type: 'array', items: { type: 'string' } } } },
      DownloadPayload: { anyOf: [{ $ref: '#/components/schemas/PerFile' }, { $ref: '#/components/schemas/Complete' }] },
      WebhookPayload: { oneOf: [{ $ref: '#/components/schemas/GrabPayload' }, { $ref: '#/components/schemas/DownloadPayload' }] },
    },
  },
};

describe('webhookShapesOf', () => {
  it('has one shape per event type, a union member included, keyed by its eventType const', () => {
    const { events } = webhookShapesOf(document);
    expect(events).toEqual({ Grab: { ref: 'GrabPayload' }, Download: { anyOf: [{ ref: 'PerFile' }, { ref: 'Complete' }] } });
  });

  it('compiles refs, arrays, open enums, nullable types and allOf into named object shapes', () => {
    const { schemas } = webhookShapesOf(document);
    expect(schemas.GrabPayload).toEqual({
      required: ['eventType', 'media'],
      fields: { eventType: 'string', media: { ref: 'Media' }, level: 'string', renamed: { array: { ref: 'Renamed' } } },
    });
    expect(schemas.Media).toEqual({ required: ['id', 'title'], fields: { id: 'integer', title: 'string', tags: { array: 'string' }, note: { nullable: 'string' } } });
    expect(schemas.Renamed?.required).toEqual(['id', 'title', 'previous']);
    expect(Object.keys(schemas.Renamed?.fields ?? {})).toEqual(['id', 'title', 'tags', 'note', 'previous']);
  });

  it('refuses a payload member without an eventType const', () => {
    const broken = structuredClone(document);
    broken.components.schemas.GrabPayload.properties.eventType = { type: 'string' } as never;
    expect(() => webhookShapesOf(broken)).toThrow(/no eventType const/);
  });
});

describe('readOnlyFieldsOf', () => {
  it('lists the read-only fields of each schema and the fields holding schemas that have some', () => {
    const table = readOnlyFieldsOf(document);
    expect(table.Media).toEqual({ fields: ['id'], nested: {} });
    expect(table.Holder).toEqual({ fields: ['stats'], nested: { media: 'Media' } });
    expect(table.Renamed).toEqual({ fields: ['id'], nested: {} });
    expect(table.GrabPayload).toEqual({ fields: [], nested: { media: 'Media', renamed: 'Renamed' } });
    expect(table.Level).toBeUndefined();
  });
});
