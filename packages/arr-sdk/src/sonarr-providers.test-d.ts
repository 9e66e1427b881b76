import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrPaths, SonarrSchemas } from './sonarr-client.ts';

// Type tests of Sonarr's provider domains (import lists, connections, indexers, download clients,
// metadata) and their neighbours: import list exclusions, indexer flags, the domains' settings.
declare const client: Client<SonarrPaths>;

const qbit: SonarrSchemas['DownloadClientInput'] = {
  name: 'qBittorrent',
  implementation: 'QBittorrent',
  configContract: 'QBittorrentSettings',
  fields: [],
  tags: [],
  enable: true,
  priority: 1,
  removeCompletedDownloads: true,
  removeFailedDownloads: true,
};

describe('sonarr providers', () => {
  it('share one shape and keep the read-only fields out of the input', () => {
    expectTypeOf<SonarrSchemas['Indexer']['name']>().toEqualTypeOf<string>();
    expectTypeOf<SonarrSchemas['Notification']['supportsOnGrab']>().toEqualTypeOf<boolean>();
    expectTypeOf<SonarrSchemas['ImportList']['id']>().toEqualTypeOf<number>();
    void client.POST('/api/v3/downloadclient', { params: { query: { forceSave: true } }, body: qbit });
    // @ts-expect-error protocol is set from the implementation, not written
    expectTypeOf<SonarrSchemas['DownloadClientInput']['protocol']>().toBeString();
  });

  it('refuses a misspelled field, query parameter or bulk member', () => {
    void client.PUT('/api/v3/downloadclient/{id}', {
      params: { path: { id: 1 } },
      // @ts-expect-error enabled is not a download client field (enable is)
      body: { name: 'q', implementation: 'QBittorrent', configContract: 'QBittorrentSettings', fields: [], tags: [], enabled: true, priority: 1, removeCompletedDownloads: true, removeFailedDownloads: true },
    });
    // @ts-expect-error forceTest belongs to /test, forceSave to add and update
    void client.POST('/api/v3/indexer', { params: { query: { forceTest: true } }, body: {} as SonarrSchemas['IndexerInput'] });
    // @ts-expect-error applyTags takes add, remove or replace, not a boolean
    void client.PUT('/api/v3/indexer/bulk', { body: { ids: [1], tags: [2], applyTags: true } });
    // @ts-expect-error the bulk body needs ids
    void client.DELETE('/api/v3/importlist/bulk', { body: { tags: [1] } });
    // @ts-expect-error connections have no bulk route
    void client.PUT('/api/v3/notification/bulk', { body: { ids: [1] } });
    // @ts-expect-error a provider action needs its name in the path
    void client.POST('/api/v3/notification/action/{name}', { params: { path: {} }, body: {} as SonarrSchemas['NotificationInput'] });
  });

  it('types templates and their presets as Sonarr sends them', () => {
    type Template = SonarrSchemas['IndexerTemplate'];
    expectTypeOf<Template['configContract']>().toEqualTypeOf<string>();
    // a preset is stored in the implementation without its settings class name
    type Preset = NonNullable<Template['presets']>[number];
    expectTypeOf<Preset['configContract']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Preset['enableRss']>().toEqualTypeOf<boolean>();
  });

  it('types the test-all results', () => {
    type Results = SonarrPaths['/api/v3/indexer/testall']['post']['responses'][400]['content']['application/json'];
    expectTypeOf<Results[number]['validationFailures'][number]['errorMessage']>().toEqualTypeOf<string>();
  });
});

describe('sonarr import list exclusions and settings', () => {
  it('pages exclusions and requires every field of a settings write', () => {
    void client.GET('/api/v3/importlistexclusion/paged', { params: { query: { page: 2, pageSize: 50, sortKey: 'title' } } });
    // @ts-expect-error the page is a number
    void client.GET('/api/v3/importlistexclusion/paged', { params: { query: { page: 'two' } } });
    // @ts-expect-error an exclusion needs its title
    void client.POST('/api/v3/importlistexclusion', { body: { tvdbId: 1 } });
    // @ts-expect-error a settings write sends every field (a left-out boolean is saved as false)
    void client.PUT('/api/v3/config/downloadclient/{id}', { params: { path: { id: 1 } }, body: { id: 1, enableCompletedDownloadHandling: true } });
    // @ts-expect-error listSyncTag is a tag id
    void client.PUT('/api/v3/config/importlist/{id}', { params: { path: { id: 1 } }, body: { id: 1, listSyncLevel: 'keepAndTag', listSyncTag: '4k' } });
  });
});
