/**
 * Webhook bodies as Radarr and Sonarr send them (every field the apps always write), typed by the
 * SDK's generated webhook types so a fixture missing a field the parser requires does not compile.
 * Radarr master: src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and its Webhook*.cs parts;
 * Sonarr main: src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs.
 */
import type { RadarrSchemas, SonarrSchemas } from '@discarr/arr-sdk';

type R = RadarrSchemas;
type S = SonarrSchemas;

/** The fields every webhook body carries. */
export const envelope = (app: 'Radarr' | 'Sonarr') => ({ instanceName: app, applicationUrl: '' });

export function webhookMovie(id: number, title: string, fields: Partial<R['WebhookMovie']> = {}): R['WebhookMovie'] {
  const year = fields.year ?? 2020;
  return { id, title, year, releaseDate: `${String(year)}-01-01`, folderPath: `/movies/${title} (${String(year)})`, tmdbId: 1000 + id, tags: [], images: [], ...fields };
}

export function remoteMovie(movie: R['WebhookMovie']): R['WebhookRemoteMovie'] {
  return { tmdbId: movie.tmdbId, title: movie.title, year: movie.year };
}

export function webhookSeries(id: number, title: string, fields: Partial<S['WebhookSeries']> = {}): S['WebhookSeries'] {
  return { id, title, path: `/tv/${title}`, tvdbId: 7000 + id, type: 'standard', year: 2019, tags: [], images: [], ...fields };
}

export function webhookEpisode(seasonNumber: number, episodeNumber: number, fields: Partial<S['WebhookEpisode']> = {}): S['WebhookEpisode'] {
  return { id: 1000 * seasonNumber + episodeNumber, seasonNumber, episodeNumber, title: `Episode ${String(episodeNumber)}`, ...fields };
}

export function radarrRelease(fields: Partial<R['WebhookRelease']> = {}): R['WebhookRelease'] {
  return { quality: 'Bluray-1080p', qualityVersion: 1, releaseTitle: 'Movie.2020.1080p.BluRay', indexer: 'NZBgeek', size: 8_000_000_000, ...fields };
}

export function sonarrRelease(fields: Partial<S['WebhookRelease']> = {}): S['WebhookRelease'] {
  return { quality: 'WEBDL-1080p', qualityVersion: 1, releaseTitle: 'Series.S01.1080p.WEB-DL', indexer: 'NZBgeek', size: 5_000_000_000, ...fields };
}

export function movieFile(id: number, fields: Partial<R['WebhookMovieFile']> = {}): R['WebhookMovieFile'] {
  return { id, relativePath: `Movie (2020).mkv`, path: `/movies/Movie (2020)/Movie (2020).mkv`, quality: 'Bluray-1080p', qualityVersion: 1, size: 1000, dateAdded: '2026-01-01T00:00:00Z', ...fields };
}

export function episodeFile(id: number, fields: Partial<S['WebhookEpisodeFile']> = {}): S['WebhookEpisodeFile'] {
  return { id, relativePath: `Season 01/S01E${String(id).padStart(2, '0')}.mkv`, path: `/tv/Series/Season 01/S01E${String(id)}.mkv`, quality: 'WEBDL-1080p', qualityVersion: 1, size: 5000, dateAdded: '2026-01-01T00:00:00Z', ...fields };
}

/** What the download client reports of a download (`downloadInfo` of ManualInteractionRequired). */
export function downloadInfo(title: string, fields: Partial<R['WebhookDownloadClientItem']> = {}): R['WebhookDownloadClientItem'] {
  return { quality: 'Bluray-1080p', qualityVersion: 1, title, indexer: 'NZBgeek', size: 8_000_000_000, ...fields };
}

/** One valid body of every webhook event type of both apps (Sonarr's Download in both shapes). */
export function everyWebhook(): { app: 'radarr' | 'sonarr'; body: Record<string, unknown> }[] {
  const movie = webhookMovie(1, 'Movie 1', { tags: ['4k'] });
  const series = webhookSeries(1, 'Series 1', { tags: ['anime'] });
  const episodes = [webhookEpisode(1, 1), webhookEpisode(1, 2)];
  const r = envelope('Radarr');
  const s = envelope('Sonarr');
  const health = { level: 'warning', message: 'Indexers unavailable', type: 'IndexerStatusCheck', wikiUrl: 'https://wiki' };
  const update = { message: 'updated', previousVersion: '6.0.3.10150', newVersion: '6.0.4.10291' };
  const blocked = { downloadInfo: downloadInfo('Movie.1.2020.1080p'), downloadClient: 'qBittorrent', downloadId: 'mir1', downloadStatus: 'warning', downloadStatusMessages: [{ title: 'x', messages: ['No files found'] }] };
  const radarr = [
    { eventType: 'Test', ...r, movie, remoteMovie: remoteMovie(movie), release: radarrRelease() },
    { eventType: 'Grab', ...r, movie, remoteMovie: remoteMovie(movie), release: radarrRelease(), downloadClient: 'qBittorrent', downloadId: 'g1' },
    { eventType: 'Download', ...r, movie, remoteMovie: remoteMovie(movie), movieFile: movieFile(5), isUpgrade: false, downloadClient: 'qBittorrent', downloadId: 'd1' },
    { eventType: 'Rename', ...r, movie, renamedMovieFiles: [] },
    { eventType: 'MovieAdded', ...r, movie, addMethod: 'manual' },
    { eventType: 'MovieFileDelete', ...r, movie, movieFile: movieFile(5), deleteReason: 'manual' },
    { eventType: 'MovieDelete', ...r, movie, deletedFiles: true },
    { eventType: 'Health', ...r, ...health },
    { eventType: 'HealthRestored', ...r, ...health },
    { eventType: 'ApplicationUpdate', ...r, ...update },
    { eventType: 'ManualInteractionRequired', ...r, movie, ...blocked },
  ];
  const sonarr = [
    { eventType: 'Test', ...s, series, episodes },
    { eventType: 'Grab', ...s, series, episodes, release: sonarrRelease(), downloadClient: 'SABnzbd', downloadId: 'g2' },
    { eventType: 'Download', ...s, series, episodes: [episodes[0]], episodeFile: episodeFile(1), isUpgrade: false, downloadId: 'd2' },
    { eventType: 'Download', ...s, series, episodes, episodeFiles: [episodeFile(1), episodeFile(2)], fileCount: 2, downloadId: 'd2' },
    { eventType: 'Rename', ...s, series, renamedEpisodeFiles: [] },
    { eventType: 'SeriesAdd', ...s, series },
    { eventType: 'SeriesDelete', ...s, series, deletedFiles: false },
    { eventType: 'EpisodeFileDelete', ...s, series, episodes, episodeFile: episodeFile(1) },
    { eventType: 'Health', ...s, ...health },
    { eventType: 'HealthRestored', ...s, ...health },
    { eventType: 'ApplicationUpdate', ...s, ...update },
    { eventType: 'ManualInteractionRequired', ...s, series, episodes, ...blocked },
  ];
  return [...radarr.map((body) => ({ app: 'radarr' as const, body })), ...sonarr.map((body) => ({ app: 'sonarr' as const, body }))];
}
