import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { SonarrPaths, SonarrSchemas } from './sonarr-client.ts';

// Type tests of Sonarr's general settings (media management, naming, host, UI) and system routes
// (backups, logs, log files, updates, restart and shutdown).
declare const client: Client<SonarrPaths>;

describe('sonarr general settings', () => {
  it('types each settings object and refuses a misspelled member', () => {
    expectTypeOf<SonarrSchemas['MediaManagementConfig']['fileDate']>().toExtend<string>();
    expectTypeOf<SonarrSchemas['UiConfig']['uiLanguage']>().toEqualTypeOf<number>();
    // @ts-expect-error the API key is read-only in the host settings
    const host: SonarrSchemas['HostConfig'] = { apiKey: 'x' } as SonarrSchemas['HostConfig']; host.apiKey = 'y';
    void client.PUT('/api/v3/config/naming/{id}', {
      params: { path: { id: 1 } },
      // @ts-expect-error renameEpisode is not a naming member (renameEpisodes is)
      body: { renameEpisode: true, replaceIllegalCharacters: true, colonReplacementFormat: 4, multiEpisodeStyle: 5, standardEpisodeFormat: '', dailyEpisodeFormat: '', animeEpisodeFormat: '', seriesFolderFormat: '', seasonFolderFormat: '', specialsFolderFormat: '' },
    });
    void client.GET('/api/v3/config/naming/examples', { params: { query: { id: 1, standardEpisodeFormat: '{Series Title}' } } });
    // @ts-expect-error multiEpisodeStyle is a number (0 to 5)
    void client.GET('/api/v3/config/naming/examples', { params: { query: { multiEpisodeStyle: 'range' } } });
  });
});

describe('sonarr system routes', () => {
  it('types backups, logs and updates', () => {
    type Backup = SonarrSchemas['Backup'];
    expectTypeOf<Backup['size']>().toEqualTypeOf<number>();
    expectTypeOf<SonarrSchemas['RestoreResult']['restartRequired']>().toEqualTypeOf<true>();
    void client.GET('/api/v3/log', { params: { query: { page: 1, pageSize: 50, level: 'warn' } } });
    // @ts-expect-error the log route has no `since` filter
    void client.GET('/api/v3/log', { params: { query: { since: '2026-01-01' } } });
    // @ts-expect-error a log file is named by its file name, not an id number
    void client.GET('/api/v3/log/file/{filename}', { params: { path: { filename: 1 } } });
    expectTypeOf<NonNullable<SonarrSchemas['Update']['changes']>['new']>().toEqualTypeOf<string[] | undefined>();
    // @ts-expect-error restart takes no body
    void client.POST('/api/v3/system/restart', { body: { force: true } });
  });
});

describe('sonarr commands', () => {
  type Run = SonarrSchemas['CommandRequest'];
  it('knows every command class of Sonarr 4 by its own name', () => {
    expectTypeOf<Extract<Run, { name: 'Backup' }>>().toEqualTypeOf<SonarrSchemas['BackupCommand']>();
    expectTypeOf<Extract<Run, { name: 'ApplicationUpdateCheck' }>>().not.toBeNever();
    // Sonarr's class is ApplicationUpdateCheckCommand; Radarr's spelling is an unknown command here.
    expectTypeOf<Extract<Run, { name: 'ApplicationCheckUpdate' }>>().toBeNever();
    void client.POST('/api/v3/command', { body: { name: 'MissingEpisodeSearch' } });
    void client.POST('/api/v3/command', { body: { name: 'ImportListSync', definitionId: 3 } });
  });

  it('refuses a wrong or missing command argument', () => {
    // @ts-expect-error RenameSeries takes seriesIds, a list
    void client.POST('/api/v3/command', { body: { name: 'RenameSeries', seriesIds: 1 } });
    // @ts-expect-error MoveSeries needs the destination path
    void client.POST('/api/v3/command', { body: { name: 'MoveSeries', seriesId: 1, sourcePath: '/tv/a' } });
    // @ts-expect-error monitored is a boolean
    void client.POST('/api/v3/command', { body: { name: 'CutoffUnmetEpisodeSearch', monitored: 'yes' } });
    // @ts-expect-error a Backup command takes no arguments (the schema is closed)
    const backup: Run = { name: 'Backup', type: 'manual' };
    expectTypeOf(backup).toHaveProperty('name');
  });
});
