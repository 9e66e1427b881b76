import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrPaths, SonarrSchemas } from './sonarr-client.ts';

// Type tests of Sonarr's library editing: episode files (single, editor, bulk), season pass,
// series editor and import, root folders, rename previews, parse, release push, history failed.
declare const client: Client<SonarrPaths>;
// The JSON body an operation declares. openapi-fetch infers the init object generically, so a call
// only fails on a missing or mistyped member; an extra member is caught against this type.
type Body<P extends keyof SonarrPaths, M extends 'put' | 'post' | 'delete'> = SonarrPaths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

describe('sonarr read-only series fields', () => {
  it('marks what the server computes as read-only (issue 11 #14)', () => {
    const write = (s: SonarrSchemas['Series']) => {
      // @ts-expect-error ended is computed from the status, never written
      s.ended = true;
      // @ts-expect-error statistics are computed
      s.statistics = undefined;
      // @ts-expect-error languageProfileId is a Sonarr 3 leftover the server ignores
      s.languageProfileId = 2;
      s.monitored = false;
    };
    expectTypeOf(write).parameter(0).toHaveProperty('monitored');
  });
});

describe('sonarr episode files', () => {
  it('takes the editable members only, each in its own shape', () => {
    void client.PUT('/api/v3/episodefile/{id}', { params: { path: { id: 1 } }, body: { quality: { quality: { id: 1, name: 'SDTV', source: 'television', resolution: 480 }, revision: { version: 1, real: 0, isRepack: false } } } });
    // @ts-expect-error the editor names files by episodeFileIds
    void client.PUT('/api/v3/episodefile/editor', { body: { ids: [1], releaseGroup: 'x' } });
    // @ts-expect-error each bulk item needs the file id
    void client.PUT('/api/v3/episodefile/bulk', { body: [{ releaseGroup: 'x' }] });
    // @ts-expect-error releaseType takes singleEpisode, multiEpisode or seasonPack, not a number
    void client.PUT('/api/v3/episodefile/bulk', { body: [{ id: 1, releaseType: 3 }] });
    void client.DELETE('/api/v3/episodefile/bulk', { body: { episodeFileIds: [1, 2] } });
  });
});

describe('sonarr series editing', () => {
  it('refuses wrong editor members and requires the rename preview series', () => {
    void client.PUT('/api/v3/series/editor', { body: { seriesIds: [1], monitored: true, tags: [2], applyTags: 'add' } });
    // @ts-expect-error applyTags is a word (add, remove, replace), not a flag
    void client.PUT('/api/v3/series/editor', { body: { seriesIds: [1], tags: [2], applyTags: true } });
    // @ts-expect-error deleteFiles belongs to the delete body, not the edit body
    const edit: Body<'/api/v3/series/editor', 'put'> = { seriesIds: [1], deleteFiles: true };
    // @ts-expect-error moveFiles belongs to the edit body, not the delete body
    const remove: Body<'/api/v3/series/editor', 'delete'> = { seriesIds: [1], moveFiles: true };
    expectTypeOf(edit).toHaveProperty('seriesIds');
    expectTypeOf(remove).toHaveProperty('seriesIds');
    // @ts-expect-error the rename preview needs seriesId
    void client.GET('/api/v3/rename', { params: { query: { seasonNumber: 1 } } });
    void client.POST('/api/v3/seasonpass', { body: { series: [{ id: 1, seasons: [{ seasonNumber: 1, monitored: true }] }], monitoringOptions: { monitor: 'future' } } });
    // @ts-expect-error a season pass season needs its monitored flag
    void client.POST('/api/v3/seasonpass', { body: { series: [{ id: 1, seasons: [{ seasonNumber: 1 }] }] } });
  });

  it('types parse and push', () => {
    type Parsed = NonNullable<SonarrSchemas['ParseResult']['parsedEpisodeInfo']>;
    expectTypeOf<Parsed['episodeNumbers']>().toEqualTypeOf<number[]>();
    // @ts-expect-error parse takes title, not name
    void client.GET('/api/v3/parse', { params: { query: { name: 'Show.S01E01' } } });
    // @ts-expect-error a pushed release needs its protocol and publish date
    void client.POST('/api/v3/release/push', { body: { title: 'Show.S01E01.1080p', downloadUrl: 'http://x' } });
  });
});

describe('sonarr lookup results', () => {
  it('have an id only when the series is already in the library', () => {
    // RestResource.Id is left out when 0 (Sonarr.Http/REST/RestResource.cs), so a new candidate has none.
    expectTypeOf<SonarrSchemas['SeriesLookupResult']['id']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SonarrSchemas['Series']['id']>().toEqualTypeOf<number>();
    expectTypeOf<SonarrSchemas['SeriesLookupResult']['tvdbId']>().toEqualTypeOf<number>();
  });
});
