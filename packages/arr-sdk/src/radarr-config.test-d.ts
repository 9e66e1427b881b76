import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrPaths, RadarrSchemas } from './radarr-client.ts';

// Type tests of the Radarr config domains (naming, media management, host, UI, download client,
// indexer, metadata): read-modify-write of one settings object each.
declare const client: Client<RadarrPaths>;

describe('radarr config', () => {
  it('types every setting and refuses a misspelled one or a wrong enum value', () => {
    expectTypeOf<RadarrSchemas['NamingConfig']['colonReplacementFormat']>().toExtend<string>();
    expectTypeOf<'spaceDash'>().toExtend<RadarrSchemas['NamingConfig']['colonReplacementFormat']>();
    const naming: RadarrSchemas['NamingConfig'] = {
      id: 1, renameMovies: true, replaceIllegalCharacters: true, colonReplacementFormat: 'smart',
      standardMovieFormat: '{Movie Title} ({Release Year})', movieFolderFormat: '{Movie Title} ({Release Year})',
    };
    void client.PUT('/api/v3/config/naming/{id}', { params: { path: { id: 1 } }, body: naming });
    // @ts-expect-error renameEpisodes is Sonarr's (renameMovies is Radarr's)
    const sonarrNaming: RadarrSchemas['NamingConfig'] = { ...naming, renameEpisodes: true };
    expectTypeOf(sonarrNaming).not.toBeNever();
    // @ts-expect-error the examples take the settings as query parameters, not a body
    void client.GET('/api/v3/config/naming/examples', { body: naming });
    // @ts-expect-error format is not a query parameter of the examples (standardMovieFormat is)
    void client.GET('/api/v3/config/naming/examples', { params: { query: { format: '{Movie Title}' } } });
    expectTypeOf<RadarrSchemas['HostConfig']['port']>().toEqualTypeOf<number>();
    expectTypeOf<RadarrSchemas['IndexerConfig']['rssSyncInterval']>().toEqualTypeOf<number>();
    // @ts-expect-error the backup interval is a number of days
    expectTypeOf<RadarrSchemas['HostConfig']['backupInterval']>().toEqualTypeOf<string>();
  });
});
