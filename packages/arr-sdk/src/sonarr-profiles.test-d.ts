import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrPaths, SonarrSchemas } from './sonarr-client.ts';

// Type tests of Sonarr's delay and release profiles, remote path mappings, auto tagging, custom
// filters, file system browsing, localization and the routes outside /api.
declare const client: Client<SonarrPaths>;
// The JSON body an operation declares; an extra member is caught against it (openapi-fetch infers
// the init object generically, so a call alone only fails on a missing or mistyped member).
type Body<P extends keyof SonarrPaths, M extends 'put' | 'post'> = SonarrPaths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

describe('sonarr delay and release profiles', () => {
  it('types delays in minutes and terms as a list or a comma-separated string', () => {
    expectTypeOf<SonarrSchemas['DelayProfile']['usenetDelay']>().toEqualTypeOf<number>();
    // a stored profile always has its position; a new one goes last whatever it sends
    expectTypeOf<SonarrSchemas['DelayProfile']['order']>().toEqualTypeOf<number>();
    expectTypeOf<SonarrSchemas['DelayProfileInput']['order']>().toEqualTypeOf<number | undefined>();
    void client.PUT('/api/v3/delayprofile/reorder/{id}', { params: { path: { id: 3 }, query: { after: 2 } } });
    // @ts-expect-error after is a profile id
    void client.PUT('/api/v3/delayprofile/reorder/{id}', { params: { path: { id: 3 }, query: { after: 'first' } } });
    void client.POST('/api/v3/releaseprofile', { body: { name: 'x', required: 'x265,hevc', ignored: ['cam'], tags: [] } });
    // @ts-expect-error terms are strings
    void client.POST('/api/v3/releaseprofile', { body: { required: [265] } });
    // the stored profile always lists its terms
    expectTypeOf<SonarrSchemas['ReleaseProfile']['required']>().toEqualTypeOf<string[]>();
    // @ts-expect-error preferred terms were removed in Sonarr 4 (custom formats replace them)
    const legacy: Body<'/api/v3/releaseprofile', 'post'> = { required: ['x'], preferred: [] };
    expectTypeOf(legacy).toHaveProperty('required');
  });
});

describe('sonarr mappings, auto tagging and filters', () => {
  it('requires what the server validates', () => {
    // @ts-expect-error a mapping needs its local path
    void client.POST('/api/v3/remotepathmapping', { body: { host: 'nas', remotePath: '/downloads/' } });
    // @ts-expect-error an auto tagging rule needs its conditions
    void client.POST('/api/v3/autotagging', { body: { name: 'anime', removeTagsAutomatically: true, tags: [1] } });
    // @ts-expect-error a saved filter needs the list it filters
    void client.POST('/api/v3/customfilter', { body: { label: 'x', filters: [] } });
  });
});

describe('sonarr file system, localization and pages', () => {
  it('types browsing and refuses wrong query parameters', () => {
    expectTypeOf<SonarrSchemas['FileSystemContents']['directories'][number]['type']>().toExtend<string>();
    // @ts-expect-error the file system type needs a path
    void client.GET('/api/v3/filesystem/type', { params: { query: {} } });
    // @ts-expect-error includeFiles is a boolean
    void client.GET('/api/v3/filesystem', { params: { query: { path: '/', includeFiles: 'yes' } } });
    expectTypeOf<SonarrSchemas['Localization']['strings']>().toEqualTypeOf<Record<string, string>>();
    // @ts-expect-error the calendar feed has no `days` parameter (pastDays and futureDays)
    void client.GET('/feed/v3/calendar/sonarr.ics', { params: { query: { days: 7 } } });
  });
});
