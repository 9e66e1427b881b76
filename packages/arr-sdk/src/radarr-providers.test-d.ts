import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrPaths, RadarrSchemas } from './radarr-client.ts';

// Type tests of the Radarr provider domains (import lists and their exclusions, notifications,
// indexers, download clients, metadata): one provider shape, each domain's own settings beside it.
declare const client: Client<RadarrPaths>;

const provider = { name: 'TMDb popular', fields: [], implementation: 'TMDbPopularImport', configContract: 'TMDbPopularSettings', tags: [] };

describe('radarr import lists', () => {
  it('takes an import list with its settings and refuses a Sonarr setting or a computed member', () => {
    const settings = { enabled: true, enableAuto: true, monitor: 'movieOnly', qualityProfileId: 1, searchOnAdd: false, minimumAvailability: 'released' } as const;
    void client.POST('/api/v3/importlist', { params: { query: { forceSave: true } }, body: { ...provider, ...settings } });
    const sonarrList: RadarrSchemas['ImportListInput'] = {
      ...provider,
      ...settings,
      // @ts-expect-error seriesType is Sonarr's; a Radarr list has minimumAvailability (literal: a spread hides excess members)
      seriesType: 'standard',
    };
    expectTypeOf(sonarrList).not.toBeNever();
    // @ts-expect-error searchOnAdd is required
    void client.POST('/api/v3/importlist', { body: { ...provider, enabled: true, enableAuto: true, monitor: 'movieOnly', qualityProfileId: 1, minimumAvailability: 'released' } });
    // @ts-expect-error force is not a query parameter (forceSave is)
    void client.PUT('/api/v3/importlist/{id}', { params: { path: { id: 1 }, query: { force: true } }, body: { ...provider, ...settings } });
    expectTypeOf<RadarrSchemas['ImportList']['id']>().toEqualTypeOf<number>();
  });

  it('pages exclusions by their own sort keys and refuses an exclusion without its TMDb id', () => {
    void client.GET('/api/v3/exclusions/paged', { params: { query: { page: 2, sortKey: 'movieTitle', sortDirection: 'ascending' } } });
    // @ts-expect-error pageNumber is not a paging parameter (page is)
    void client.GET('/api/v3/exclusions/paged', { params: { query: { pageNumber: 2 } } });
    // @ts-expect-error tmdbId is required
    void client.POST('/api/v3/exclusions', { body: { movieTitle: 'Heat', movieYear: 1995 } });
    type Page = RadarrSchemas['ImportListExclusionPage'];
    expectTypeOf<Page['records'][number]['tmdbId']>().toEqualTypeOf<number>();
  });
});

describe('radarr notifications, indexers, download clients, metadata', () => {
  it('types each domain by its own settings', () => {
    const events = {
      onGrab: true, onDownload: true, onUpgrade: true, onRename: false, onMovieAdded: false, onMovieDelete: false, onMovieFileDelete: false,
      onMovieFileDeleteForUpgrade: false, onHealthIssue: true, includeHealthWarnings: false, onHealthRestored: true, onApplicationUpdate: false,
      onManualInteractionRequired: true,
    };
    void client.POST('/api/v3/notification', { body: { ...provider, ...events } });
    // @ts-expect-error onSeriesAdd is Sonarr's event (onMovieAdded is Radarr's)
    const sonarrEvent: RadarrSchemas['NotificationInput'] = { ...provider, ...events, onSeriesAdd: true };
    expectTypeOf(sonarrEvent).not.toBeNever();
    // @ts-expect-error the indexer priority is a number
    void client.PUT('/api/v3/indexer/bulk', { body: { ids: [1], priority: 'high' } });
    // @ts-expect-error a bulk edit names its ids
    void client.PUT('/api/v3/downloadclient/bulk', { body: { enable: false } });
    // @ts-expect-error notifications have no bulk route in Radarr
    void client.PUT('/api/v3/notification/bulk', { body: { ids: [1] } });
    void client.POST('/api/v3/metadata/action/{name}', { params: { path: { name: 'getOptions' } }, body: { ...provider, enable: true } });
    type Test = RadarrSchemas['ProviderTestResult'];
    expectTypeOf<Test['validationFailures'][number]['errorMessage']>().toEqualTypeOf<string>();
  });
});
