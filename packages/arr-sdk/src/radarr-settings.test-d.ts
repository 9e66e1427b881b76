import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrPaths, RadarrSchemas } from './radarr-client.ts';

// Type tests of the Radarr settings domains: tags, custom formats, quality definitions and
// profiles. A misspelled field, a wrong query parameter or a missing required member must fail tsc.
declare const client: Client<RadarrPaths>;

describe('radarr tags', () => {
  it('types tag usage and refuses a tag without a label', () => {
    type Details = RadarrSchemas['TagDetails'];
    expectTypeOf<Details['movieIds']>().toEqualTypeOf<number[]>();
    expectTypeOf(client.PUT).toBeCallableWith('/api/v3/tag/{id}', { params: { path: { id: 1 } }, body: { label: '4k' } });
    // @ts-expect-error label is required
    void client.PUT('/api/v3/tag/{id}', { params: { path: { id: 1 } }, body: {} });
    // @ts-expect-error name is not a tag field (label is)
    void client.POST('/api/v3/tag', { body: { name: '4k' } });
    // @ts-expect-error tag ids are integers
    void client.GET('/api/v3/tag/detail/{id}', { params: { path: { id: '1' } } });
    // @ts-expect-error seriesIds is Sonarr's; Radarr's tag usage lists movieIds
    expectTypeOf<Details['seriesIds']>().toEqualTypeOf<number[]>();
  });
});
