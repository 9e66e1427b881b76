import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrClient, RadarrSchemas } from './radarr-client.ts';

// Type tests of Radarr's management helpers: each takes and answers the types of our Radarr
// document, so a wrong field, a wrong query parameter or a wrong command argument fails `tsc`.
// Run under `nodenext` (tsconfig.json, vitest) and `bundler` (tsconfig.bundler.json).
declare const radarr: RadarrClient;
type S = RadarrSchemas;

describe('radarr tag usage, custom formats and quality definitions', () => {
  it('answers the document types', () => {
    expectTypeOf(radarr.tagUsage.list).returns.resolves.toEqualTypeOf<S['TagDetails'][]>();
    expectTypeOf(radarr.tagUsage.unused).returns.resolves.toEqualTypeOf<S['TagDetails'][]>();
    expectTypeOf(radarr.tagUsage.get).returns.resolves.toEqualTypeOf<S['TagDetails']>();
    expectTypeOf(radarr.customFormats.list).returns.resolves.toEqualTypeOf<S['CustomFormat'][]>();
    expectTypeOf(radarr.customFormats.create).returns.resolves.toEqualTypeOf<S['CustomFormat']>();
    expectTypeOf(radarr.customFormats.create).parameter(0).toEqualTypeOf<S['CustomFormatInput']>();
    expectTypeOf(radarr.qualityDefinitions.update).returns.resolves.toEqualTypeOf<S['QualityDefinition'][]>();
    expectTypeOf(radarr.customFormats.delete).returns.resolves.toBeVoid();
  });

  it('refuses a misspelled or missing member', () => {
    // @ts-expect-error specifications is required (the app refuses a format without conditions)
    void radarr.customFormats.create({ name: 'x265' });
    // @ts-expect-error conditions is not a member (specifications is)
    void radarr.customFormats.create({ name: 'x265', specifications: [], conditions: [] });
    // @ts-expect-error ids are integers
    void radarr.customFormats.update('3', { name: 'x265', specifications: [] });
    // @ts-expect-error a definition's sizes are numbers
    void radarr.qualityDefinitions.update([{ id: 1, quality: { id: 1, name: 'SDTV', source: 'tv', resolution: 480, modifier: 'none' }, title: 'SDTV', weight: 1, maxSize: '100' }]);
    // @ts-expect-error tag ids are integers
    void radarr.tagUsage.get('4k');
  });
});

describe('radarr backups and updates', () => {
  it('answers backups and the ended command', () => {
    expectTypeOf(radarr.backups.list).returns.resolves.toEqualTypeOf<S['Backup'][]>();
    expectTypeOf(radarr.backups.create).returns.resolves.toEqualTypeOf<S['Backup']>();
    expectTypeOf(radarr.backups.restore).returns.resolves.toEqualTypeOf<S['RestoreResult']>();
    expectTypeOf(radarr.updates.available).returns.resolves.toEqualTypeOf<S['Update'][]>();
    expectTypeOf(radarr.updates.install).returns.resolves.toEqualTypeOf<S['Command']>();
  });

  it('refuses a wrong command argument or wait option', () => {
    void radarr.updates.install({ installMajorUpdate: true, timeoutMs: 600_000, pollMs: 2000 });
    // @ts-expect-error ApplicationUpdate takes installMajorUpdate, not major
    void radarr.updates.install({ major: true });
    // @ts-expect-error installMajorUpdate is a boolean
    void radarr.updates.install({ installMajorUpdate: 'yes' });
    // @ts-expect-error the wait takes timeoutMs, not timeout
    void radarr.backups.create({ timeout: 1000 });
    // @ts-expect-error restore takes { restart }, not { reboot }
    void radarr.backups.restore(1, { reboot: true });
  });
});

describe('radarr paged lists', () => {
  it('answers the records of every page', () => {
    expectTypeOf(radarr.logs.list).returns.resolves.toEqualTypeOf<S['LogRecord'][]>();
    expectTypeOf(radarr.blocklist.list).returns.resolves.toEqualTypeOf<S['BlocklistItem'][]>();
    expectTypeOf(radarr.importListExclusions.list).returns.resolves.toEqualTypeOf<S['ImportListExclusion'][]>();
    expectTypeOf(radarr.logs.pages).returns.toEqualTypeOf<AsyncGenerator<S['LogRecord'][], void, undefined>>();
  });

  it('refuses a query parameter the list does not take', () => {
    void radarr.logs.list({ level: 'warn', sortKey: 'time', sortDirection: 'descending' });
    // @ts-expect-error severity is not a log filter (level is)
    void radarr.logs.list({ severity: 'warn' });
    // @ts-expect-error the helper reads every page itself: page is not an option
    void radarr.logs.list({ page: 2 });
    // @ts-expect-error Radarr's blocklist filters by movieIds (seriesIds is Sonarr's)
    void radarr.blocklist.list({ seriesIds: [1] });
    // @ts-expect-error movieIds is a list
    void radarr.blocklist.pages({ movieIds: 1 });
  });

  it('refuses a wrong exclusion', () => {
    void radarr.importListExclusions.add({ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 });
    // @ts-expect-error Radarr excludes by tmdbId (tvdbId is Sonarr's)
    void radarr.importListExclusions.add({ tvdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 });
    // @ts-expect-error movieYear is required
    void radarr.importListExclusions.addMany([{ tmdbId: 603, movieTitle: 'The Matrix' }]);
    // @ts-expect-error ids are integers
    void radarr.importListExclusions.removeMany(['1']);
  });
});

describe('radarr movie editor', () => {
  it('answers the changed movies and refuses a misspelled member', () => {
    expectTypeOf(radarr.movieEditor.edit).returns.resolves.toEqualTypeOf<S['Movie'][]>();
    void radarr.movieEditor.edit({ movieIds: [1], minimumAvailability: 'released', applyTags: 'replace', tags: [] });
    // @ts-expect-error seriesIds is Sonarr's editor member (movieIds is Radarr's)
    void radarr.movieEditor.edit({ seriesIds: [1] });
    // @ts-expect-error moveFiles is a boolean
    void radarr.movieEditor.edit({ movieIds: [1], rootFolderPath: '/movies', moveFiles: 'yes' });
    // @ts-expect-error Radarr's delete adds an import exclusion with addImportExclusion (addImportListExclusion is Sonarr's)
    void radarr.movieEditor.delete({ movieIds: [1], addImportListExclusion: true });
  });
});
