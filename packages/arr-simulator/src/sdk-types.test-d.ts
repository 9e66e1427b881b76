/**
 * The simulator's model against the SDK's generated types (type-only: the simulator never imports
 * SDK runtime code). A field that drifts from our OpenAPI documents fails here at compile time; the
 * schema-conformance test checks the serialised responses themselves.
 */
import type { RadarrSchemas, SonarrSchemas } from '@discarr/arr-sdk';
import { expectTypeOf, it } from 'vitest';
import type { MovieEntity } from './library/movies.ts';
import type { EpisodeEntity, SeriesEntity } from './library/series.ts';
import type { QueueStatusFields } from './model/download.ts';
import type { HealthItem } from './model/health.ts';
import type { CommandStatus } from './model/commands.ts';

it('keeps movie fields assignable to Radarr Movie', () => {
  expectTypeOf<Pick<MovieEntity, 'title' | 'year' | 'tmdbId' | 'imdbId' | 'hasFile' | 'monitored' | 'status' | 'minimumAvailability' | 'images' | 'ratings'>>().toExtend<Pick<RadarrSchemas['Movie'], 'title' | 'year' | 'tmdbId' | 'imdbId' | 'hasFile' | 'monitored' | 'status' | 'minimumAvailability' | 'images' | 'ratings'>>();
});

it('keeps series and episode fields assignable to Sonarr Series and Episode', () => {
  expectTypeOf<Pick<SeriesEntity, 'title' | 'tvdbId' | 'status' | 'seriesType' | 'monitored' | 'seasons' | 'images'>>().toExtend<Pick<SonarrSchemas['Series'], 'title' | 'tvdbId' | 'status' | 'seriesType' | 'monitored' | 'seasons' | 'images'>>();
  expectTypeOf<Pick<EpisodeEntity, 'id' | 'seriesId' | 'seasonNumber' | 'episodeNumber' | 'title' | 'airDateUtc' | 'hasFile' | 'monitored'>>().toExtend<Pick<SonarrSchemas['Episode'], 'id' | 'seriesId' | 'seasonNumber' | 'episodeNumber' | 'title' | 'airDateUtc' | 'hasFile' | 'monitored'>>();
});

it('keeps queue states, health and command statuses within the documents enums', () => {
  expectTypeOf<QueueStatusFields['status']>().toExtend<NonNullable<RadarrSchemas['QueueRecord']['status']>>();
  expectTypeOf<QueueStatusFields['trackedDownloadState']>().toExtend<NonNullable<SonarrSchemas['QueueRecord']['trackedDownloadState']>>();
  expectTypeOf<QueueStatusFields['trackedDownloadStatus']>().toExtend<NonNullable<RadarrSchemas['QueueRecord']['trackedDownloadStatus']>>();
  expectTypeOf<Pick<HealthItem, 'source' | 'type' | 'message'>>().toExtend<Pick<RadarrSchemas['HealthItem'], 'source' | 'type' | 'message'>>();
  expectTypeOf<CommandStatus>().toExtend<RadarrSchemas['Command']['status']>();
});
