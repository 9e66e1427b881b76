import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrClient, SonarrSchemas } from './sonarr-client.ts';

// Type tests of Sonarr's management helpers: each takes and answers the types of our Sonarr
// document, so a wrong field, a wrong query parameter or a wrong command argument fails `tsc`.
// Run under `nodenext` (tsconfig.json, vitest) and `bundler` (tsconfig.bundler.json).
declare const sonarr: SonarrClient;
type S = SonarrSchemas;

describe('sonarr tag usage, custom formats and quality definitions', () => {
  it('answers the document types', () => {
    expectTypeOf(sonarr.tagUsage.list).returns.resolves.toEqualTypeOf<S['TagDetails'][]>();
    expectTypeOf(sonarr.customFormats.get).returns.resolves.toEqualTypeOf<S['CustomFormat']>();
    expectTypeOf(sonarr.customFormats.update).parameter(1).toEqualTypeOf<S['CustomFormatInput']>();
    expectTypeOf(sonarr.qualityDefinitions.list).returns.resolves.toEqualTypeOf<S['QualityDefinition'][]>();
  });

  it('refuses a misspelled member or a Radarr-only one', () => {
    expectTypeOf<S['TagDetails']>().toHaveProperty('seriesIds');
    // movieIds is Radarr's tag usage member (seriesIds is Sonarr's)
    expectTypeOf<S['TagDetails']>().not.toHaveProperty('movieIds');
    // @ts-expect-error specifications is required
    void sonarr.customFormats.create({ name: 'x265', includeCustomFormatWhenRenaming: true });
    // @ts-expect-error definitions go as a list
    void sonarr.qualityDefinitions.update({ id: 1 });
  });
});

describe('sonarr backups and updates', () => {
  it('answers backups and the ended command, and refuses a wrong command argument', () => {
    expectTypeOf(sonarr.backups.create).returns.resolves.toEqualTypeOf<S['Backup']>();
    expectTypeOf(sonarr.updates.install).returns.resolves.toEqualTypeOf<S['Command']>();
    // @ts-expect-error ApplicationUpdate takes installMajorUpdate, not branch
    void sonarr.updates.install({ branch: 'develop' });
    // @ts-expect-error backup ids are integers
    void sonarr.backups.delete('latest');
  });
});

describe('sonarr paged lists', () => {
  it('answers the records of every page and refuses an unknown query parameter', () => {
    expectTypeOf(sonarr.logs.list).returns.resolves.toEqualTypeOf<S['LogEntry'][]>();
    expectTypeOf(sonarr.blocklist.list).returns.resolves.toEqualTypeOf<S['BlocklistItem'][]>();
    expectTypeOf(sonarr.importListExclusions.list).returns.resolves.toEqualTypeOf<S['ImportListExclusion'][]>();
    void sonarr.blocklist.list({ seriesIds: [1], protocols: ['torrent'] });
    // @ts-expect-error Sonarr's blocklist filters by seriesIds (movieIds is Radarr's)
    void sonarr.blocklist.list({ movieIds: [1] });
    // @ts-expect-error levels are named, not numbered
    void sonarr.logs.list({ level: 3 });
    // @ts-expect-error Sonarr excludes by tvdbId and title (tmdbId and movieTitle are Radarr's)
    void sonarr.importListExclusions.add({ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 });
  });
});

describe('sonarr series editor', () => {
  it('answers the changed series and refuses a misspelled member', () => {
    expectTypeOf(sonarr.seriesEditor.edit).returns.resolves.toEqualTypeOf<S['Series'][]>();
    void sonarr.seriesEditor.edit({ seriesIds: [1], seasonFolder: true, monitorNewItems: 'all' });
    // @ts-expect-error movieIds is Radarr's editor member (seriesIds is Sonarr's)
    void sonarr.seriesEditor.edit({ movieIds: [1] });
    // @ts-expect-error seriesIds is required
    void sonarr.seriesEditor.delete({ deleteFiles: true });
    // @ts-expect-error Sonarr's delete adds exclusions with addImportListExclusion (addImportExclusion is Radarr's)
    void sonarr.seriesEditor.delete({ seriesIds: [1], addImportExclusion: true });
  });
});
