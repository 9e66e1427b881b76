import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrPaths, SonarrSchemas } from './sonarr-client.ts';

// Type tests of the Sonarr settings domains: tags, custom formats, quality definitions and
// profiles, languages. A misspelled field, a wrong query parameter or a missing required member
// must fail tsc.
declare const client: Client<SonarrPaths>;

describe('sonarr tags', () => {
  it('types tag usage and refuses a tag without a label', () => {
    type Details = SonarrSchemas['TagDetails'];
    expectTypeOf<Details['seriesIds']>().toEqualTypeOf<number[]>();
    void client.PUT('/api/v3/tag/{id}', { params: { path: { id: 1 } }, body: { label: '4k' } });
    // @ts-expect-error label is required
    void client.PUT('/api/v3/tag/{id}', { params: { path: { id: 1 } }, body: {} });
    // @ts-expect-error name is not a tag field (label is)
    void client.POST('/api/v3/tag', { body: { name: '4k' } });
    // @ts-expect-error tag ids are integers
    void client.GET('/api/v3/tag/detail/{id}', { params: { path: { id: '1' } } });
  });
});

describe('sonarr custom formats', () => {
  it('takes a format without id and refuses a misspelled condition member', () => {
    void client.POST('/api/v3/customformat', {
      body: { name: 'x265', specifications: [{ name: 'x265', implementation: 'ReleaseTitleSpecification', negate: false, required: true, fields: [] }] },
    });
    void client.POST('/api/v3/customformat', {
      // @ts-expect-error negated is not a condition member (negate is)
      body: { name: 'x265', specifications: [{ name: 'x265', implementation: 'ReleaseTitleSpecification', negated: false, required: true, fields: [] }] },
    });
    // @ts-expect-error the bulk body needs ids
    void client.PUT('/api/v3/customformat/bulk', { body: { includeCustomFormatWhenRenaming: true } });
    type Stored = SonarrSchemas['CustomFormat'];
    expectTypeOf<Stored['id']>().toEqualTypeOf<number>();
    expectTypeOf<Stored['includeCustomFormatWhenRenaming']>().toEqualTypeOf<boolean>();
  });
});

describe('sonarr qualities', () => {
  it('types sizes as nullable numbers and profiles without an id on create', () => {
    expectTypeOf<SonarrSchemas['QualityDefinition']['maxSize']>().toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error the batch update takes a list, not one definition
    void client.PUT('/api/v3/qualitydefinition/update', { body: { id: 1, title: 'x', weight: 1, quality: { id: 1, name: 'x', source: 'web', resolution: 1080 } } });
    type Input = SonarrSchemas['QualityProfileInput'];
    // @ts-expect-error a profile input has no id (the server assigns it)
    expectTypeOf<Input['id']>().toBeNumber();
    // @ts-expect-error the schema route takes no query parameters
    void client.GET('/api/v3/qualityprofile/schema', { params: { query: { name: 'x' } } });
  });
});
