import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrPaths, RadarrSchemas } from './radarr-client.ts';

// Type tests of the Radarr library domains: collections, credits, parse, rename, the movie editor,
// movie and extra files, delay and release profiles, remote path mappings, auto tagging, languages,
// the file system browser.
declare const client: Client<RadarrPaths>;
declare const movie: RadarrSchemas['Movie'];

describe('radarr collections, credits, parse and rename', () => {
  it('types collection edits, credit filters and the parser', () => {
    void client.PUT('/api/v3/collection', { body: { collectionIds: [1], monitored: true, monitorMovies: true } });
    // @ts-expect-error ids is not a member of the collection bulk edit (collectionIds is)
    void client.PUT('/api/v3/collection', { body: { ids: [1] } });
    const collection = { tmdbId: 10, monitored: true, qualityProfileId: 1, searchOnAdd: false, minimumAvailability: 'released', tags: [] } as const;
    void client.PUT('/api/v3/collection/{id}', { params: { path: { id: 1 } }, body: { ...collection, tags: [] } });
    // @ts-expect-error missingMovies is computed by the server, not written
    const computed: RadarrSchemas['CollectionInput'] = { ...collection, tags: [], missingMovies: 0 };
    expectTypeOf(computed).not.toBeNever();
    // @ts-expect-error credits are filtered by movieId, not by tmdbId
    void client.GET('/api/v3/credit', { params: { query: { tmdbId: 949 } } });
    expectTypeOf<RadarrSchemas['Credit']['type']>().toExtend<string>();
    // @ts-expect-error parse needs the title
    void client.GET('/api/v3/parse', { params: { query: {} } });
    // @ts-expect-error rename previews take movie ids as a list
    void client.GET('/api/v3/rename', { params: { query: { movieId: 1 } } });
    void client.GET('/api/v3/rename', { params: { query: { movieId: [1, 2] } } });
    expectTypeOf<RadarrSchemas['ParseResult']['parsedMovieInfo']>().toEqualTypeOf<RadarrSchemas['ParsedMovieInfo'] | undefined>();
  });
});

describe('radarr movie editor and movie files', () => {
  it('types bulk movie and file edits and refuses a misspelled member', () => {
    void client.PUT('/api/v3/movie/editor', { body: { movieIds: [1, 2], tags: [3], applyTags: 'add', moveFiles: false } });
    // @ts-expect-error seriesIds is Sonarr's editor member (movieIds is Radarr's)
    void client.PUT('/api/v3/movie/editor', { body: { seriesIds: [1] } });
    // @ts-expect-error hasFile is computed by the server (read-only), not written
    movie.hasFile = true;
    void client.DELETE('/api/v3/movie/editor', { body: { movieIds: [1], deleteFiles: true, addImportExclusion: true } });
    // @ts-expect-error the bulk file edit needs each file's id
    void client.PUT('/api/v3/moviefile/bulk', { body: [{ releaseGroup: 'GROUP' }] });
    // @ts-expect-error extra files are listed per movie
    void client.GET('/api/v3/extrafile', { params: { query: {} } });
    expectTypeOf<RadarrSchemas['ExtraFile']['type']>().toExtend<string>();
  });
});

describe('radarr profiles, mappings, auto tagging, languages and file system', () => {
  it('types each input and refuses a wrong one', () => {
    void client.PUT('/api/v3/delayprofile/reorder/{id}', { params: { path: { id: 3 }, query: { after: 2 } } });
    // @ts-expect-error the delay is in minutes, a number
    void client.POST('/api/v3/delayprofile', { body: { enableUsenet: true, enableTorrent: true, preferredProtocol: 'usenet', usenetDelay: '1h', torrentDelay: 0, bypassIfHighestQuality: true, bypassIfAboveCustomFormatScore: false, minimumCustomFormatScore: 0, tags: [1] } });
    void client.POST('/api/v3/releaseprofile', { body: { name: 'No CAM', enabled: true, ignored: 'CAM,TS', tags: [] } });
    expectTypeOf<RadarrSchemas['ReleaseProfile']['ignored']>().toEqualTypeOf<string[]>();
    // @ts-expect-error a remote path mapping needs the local path
    void client.POST('/api/v3/remotepathmapping', { body: { host: 'sab', remotePath: '/downloads/' } });
    // @ts-expect-error an auto tagging rule needs its tags
    void client.POST('/api/v3/autotagging', { body: { name: 'anime', removeTagsAutomatically: true, specifications: [] } });
    expectTypeOf<RadarrSchemas['LanguageInfo']['nameLower']>().toEqualTypeOf<string>();
    // @ts-expect-error the browser's switch is includeFiles
    void client.GET('/api/v3/filesystem', { params: { query: { files: true } } });
    expectTypeOf<RadarrSchemas['LocalizationDictionary']['Strings']>().toEqualTypeOf<Record<string, string>>();
  });
});
