import { describe, expectTypeOf, it } from 'vitest';
import type { RadarrClient, RadarrSchemas } from './radarr-client.ts';
import type { SonarrClient, SonarrSchemas } from './sonarr-client.ts';
import type { RadarrWebhookPayload, SonarrWebhookPayload } from './webhooks.ts';
import type { operations as RadarrOps } from './generated/radarr.ts';

declare const radarr: RadarrClient;
declare const sonarr: SonarrClient;

describe('generated types', () => {
  it('makes a queue record id a number, not optional', () => {
    expectTypeOf<RadarrSchemas['QueueRecord']['id']>().toEqualTypeOf<number>();
    expectTypeOf<SonarrSchemas['QueueRecord']['id']>().toEqualTypeOf<number>();
    expectTypeOf<SonarrSchemas['QueueRecord']['sizeleft']>().toEqualTypeOf<number>();
  });

  it('keeps the known values of an open enum and accepts a new one', () => {
    // Exclude, not NonNullable: `T & {}` would fold the literals into `string & {}`.
    type State = Exclude<RadarrSchemas['QueueRecord']['trackedDownloadState'], undefined>;
    expectTypeOf<'importBlocked'>().toExtend<State>();
    expectTypeOf<'somethingNew'>().toExtend<State>();
    // The literal members survive beside `string & {}` (a plain `string` would have none).
    type Literals<T> = T extends string ? (string extends T ? never : T) : never;
    expectTypeOf<Literals<State>>().toEqualTypeOf<
      'downloading' | 'importBlocked' | 'importPending' | 'importing' | 'imported' | 'failedPending' | 'failed' | 'ignored'
    >();
    expectTypeOf<Literals<string>>().toEqualTypeOf<never>();
  });

  it('types the queue helper by the list operation of the document', () => {
    type Listed = Awaited<ReturnType<RadarrClient['queue']['list']>>[number];
    type FromOperation = NonNullable<RadarrOps['listQueue']['responses'][200]['content']['application/json']['records']>[number];
    expectTypeOf<Listed>().toEqualTypeOf<FromOperation>();
  });
});

describe('typed commands', () => {
  it('accepts each command with its own arguments', () => {
    expectTypeOf(radarr.command.run).toBeCallableWith('MoviesSearch', { movieIds: [1, 2] });
    expectTypeOf(radarr.command.run).toBeCallableWith('RssSync');
    expectTypeOf(sonarr.command.run).toBeCallableWith('SeasonSearch', { seriesId: 1, seasonNumber: 2 });
    expectTypeOf(sonarr.command.run).toBeCallableWith('RefreshMonitoredDownloads');
  });

  it('refuses a misspelled argument, a missing one and an unknown command', () => {
    // @ts-expect-error movieId is not an argument of MoviesSearch (movieIds is)
    void radarr.command.run('MoviesSearch', { movieId: [1] });
    // @ts-expect-error SeasonSearch needs seasonNumber
    void sonarr.command.run('SeasonSearch', { seriesId: 1 });
    // @ts-expect-error there is no such command
    void radarr.command.run('SearchEverything');
    // @ts-expect-error a Sonarr command on a Radarr client
    void radarr.command.run('SeriesSearch', { seriesId: 1 });
  });
});

describe('openapi-fetch methods', () => {
  it('types paths, parameters and responses of our documents', () => {
    expectTypeOf(radarr.GET).toBeCallableWith('/api/v3/movie/{id}', { params: { path: { id: 1 } } });
    // @ts-expect-error ids are integers in paths
    void radarr.GET('/api/v3/movie/{id}', { params: { path: { id: 'one' } } });
    // @ts-expect-error a Sonarr path on a Radarr client
    void radarr.GET('/api/v3/series');
  });
});

describe('webhook payloads', () => {
  it('narrows on eventType', () => {
    const narrow = (p: RadarrWebhookPayload) => (p.eventType === 'Download' ? p.isUpgrade : undefined);
    expectTypeOf(narrow).returns.toEqualTypeOf<boolean | undefined>();
    const series = (p: SonarrWebhookPayload) => (p.eventType === 'Grab' ? p.series.title : undefined);
    expectTypeOf(series).returns.toEqualTypeOf<string | undefined>();
  });

  it("tells Sonarr's two Download bodies apart by episodeFiles", () => {
    type Download = Extract<SonarrWebhookPayload, { eventType: 'Download' }>;
    const describe = (p: Download) => ('episodeFiles' in p ? p.fileCount : p.isUpgrade);
    expectTypeOf(describe).returns.toEqualTypeOf<number | boolean>();
    // Only the per-file body says whether it was an upgrade: not a property of every Download.
    expectTypeOf<Download>().not.toHaveProperty('isUpgrade');
  });

  it('leaves the media of a ManualInteractionRequired optional: an unmatched download has none', () => {
    type Radarr = Extract<RadarrWebhookPayload, { eventType: 'ManualInteractionRequired' }>;
    type Sonarr = Extract<SonarrWebhookPayload, { eventType: 'ManualInteractionRequired' }>;
    expectTypeOf<Radarr['movie']>().toEqualTypeOf<RadarrSchemas['WebhookMovie'] | undefined>();
    expectTypeOf<Sonarr['series']>().toEqualTypeOf<SonarrSchemas['WebhookSeries'] | undefined>();
    expectTypeOf<Radarr['downloadInfo']['title']>().toEqualTypeOf<string>();
  });
});
