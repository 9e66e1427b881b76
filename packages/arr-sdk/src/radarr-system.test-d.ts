import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrPaths, RadarrSchemas } from './radarr-client.ts';

// Type tests of the Radarr system domains: backups, logs and log files (paged), updates, restart
// and shutdown, the calendar feed.
declare const client: Client<RadarrPaths>;

describe('radarr system', () => {
  it('pages logs by level and refuses an unknown paging parameter', () => {
    void client.GET('/api/v3/log', { params: { query: { page: 1, pageSize: 50, level: 'warn', sortKey: 'time' } } });
    // @ts-expect-error severity is not a log filter (level is)
    void client.GET('/api/v3/log', { params: { query: { severity: 'warn' } } });
    type Page = RadarrSchemas['LogPage'];
    // records is left out when the log database is disabled
    expectTypeOf<Page['records']>().toEqualTypeOf<RadarrSchemas['LogRecord'][] | undefined>();
    // @ts-expect-error log files are named, not numbered
    void client.GET('/api/v3/log/file/{filename}', { params: { path: { filename: 1 } } });
  });

  it('types backups, restores and updates', () => {
    expectTypeOf<RadarrSchemas['Backup']['size']>().toEqualTypeOf<number>();
    expectTypeOf<RadarrSchemas['RestoreResult']['restartRequired']>().toEqualTypeOf<true>();
    // @ts-expect-error backup ids are integers
    void client.POST('/api/v3/system/backup/restore/{id}', { params: { path: { id: 'latest' } } });
    expectTypeOf<RadarrSchemas['Update']['changes']['new']>().toEqualTypeOf<string[]>();
    void client.POST('/api/v3/system/restart');
    void client.POST('/api/v3/command', { body: { name: 'Backup' } });
    void client.POST('/api/v3/command', { body: { name: 'ApplicationUpdate', installMajorUpdate: false } });
    // @ts-expect-error a manual backup takes no arguments (its type follows from the trigger)
    void client.POST('/api/v3/command', { body: { name: 'Backup', type: 'manual' } });
    // @ts-expect-error RenameMovieFolder needs movieIds
    void client.POST('/api/v3/command', { body: { name: 'RenameMovieFolder' } });
    // @ts-expect-error ImportListSync takes one list's definitionId, not listId
    void client.POST('/api/v3/command', { body: { name: 'ImportListSync', listId: 1 } });
    // @ts-expect-error the calendar feed takes pastDays, not days
    void client.GET('/feed/v3/calendar/radarr.ics', { params: { query: { days: 7 } } });
  });
});
