/**
 * Webhook bodies shaped like the ones Radarr and Sonarr send, one per event type
 * (Radarr master and Sonarr main: src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and the
 * payload classes beside it; null fields are left out, as the apps' serializer does).
 */
const common = { instanceName: 'Radarr', applicationUrl: 'http://radarr.local:7878' };
const movie = { id: 12, title: 'The Quiet Harbor', year: 2019, releaseDate: '2019-05-01', folderPath: '/movies/The Quiet Harbor (2019)', tmdbId: 4123, imdbId: 'tt0101234', tags: ['uhd'] };
const remoteMovie = { tmdbId: 4123, imdbId: 'tt0101234', title: 'The Quiet Harbor', year: 2019 };
const release = { quality: 'Bluray-1080p', qualityVersion: 1, releaseGroup: 'GRP', releaseTitle: 'The.Quiet.Harbor.2019.1080p.BluRay.x264-GRP', indexer: 'NZBgeek', size: 8_500_000_000, customFormatScore: 0, customFormats: [] };
const movieFile = { id: 55, relativePath: 'The Quiet Harbor (2019).mkv', path: '/movies/The Quiet Harbor (2019)/The Quiet Harbor (2019).mkv', quality: 'Bluray-1080p', qualityVersion: 1, size: 8_400_000_000, dateAdded: '2026-03-01T10:00:00Z', languages: [{ id: 1, name: 'English' }], mediaInfo: { audioChannels: 5.1, audioCodec: 'DTS', height: 1080, width: 1920, subtitles: ['English'] } };
const downloadInfo = { quality: 'Bluray-1080p', qualityVersion: 1, title: 'The.Quiet.Harbor.2019.1080p.BluRay.x264-GRP', size: 8_500_000_000 };
const health = { level: 'warning', message: 'Indexers unavailable due to failures: NZBgeek', type: 'IndexerStatusCheck', wikiUrl: 'https://wiki.servarr.com/radarr/system#indexers-are-unavailable-due-to-failures' };
const update = { message: 'Radarr updated from 6.0.2.10000 to 6.0.3.10150', previousVersion: '6.0.2.10000', newVersion: '6.0.3.10150' };

export const radarrWebhooks: Record<string, Record<string, unknown>> = {
  Test: { ...common, eventType: 'Test', movie, remoteMovie, release },
  Grab: { ...common, eventType: 'Grab', movie, remoteMovie, release, downloadClient: 'SABnzbd', downloadClientType: 'Sabnzbd', downloadId: 'SABnzbd_nzo_abc123', customFormatInfo: { customFormats: [], customFormatScore: 0 } },
  Download: { ...common, eventType: 'Download', movie, remoteMovie, movieFile, isUpgrade: false, downloadClient: 'SABnzbd', downloadClientType: 'Sabnzbd', downloadId: 'SABnzbd_nzo_abc123', release },
  Rename: { ...common, eventType: 'Rename', movie, renamedMovieFiles: [] },
  MovieAdded: { ...common, eventType: 'MovieAdded', movie, addMethod: 'manual' },
  MovieFileDelete: { ...common, eventType: 'MovieFileDelete', movie, movieFile, deleteReason: 'upgrade' },
  MovieDelete: { ...common, eventType: 'MovieDelete', movie, deletedFiles: true, movieFolderSize: 8_400_000_000 },
  Health: { ...common, eventType: 'Health', ...health },
  HealthRestored: { ...common, eventType: 'HealthRestored', ...health },
  ApplicationUpdate: { ...common, eventType: 'ApplicationUpdate', ...update },
  ManualInteractionRequired: { ...common, eventType: 'ManualInteractionRequired', movie, downloadInfo, downloadClient: 'qBittorrent', downloadClientType: 'qBittorrent', downloadId: 'ABCDEF0123', downloadStatus: 'Warning', downloadStatusMessages: [{ title: 'x', messages: ['No files found are eligible for import'] }], customFormatInfo: { customFormats: [{ id: 1, name: 'x265' }], customFormatScore: 10 }, release: { releaseTitle: downloadInfo.title, indexer: 'NZBgeek', size: 8_500_000_000, indexerFlags: [] } },
};

const sCommon = { instanceName: 'Sonarr', applicationUrl: 'http://sonarr.local:8989' };
const series = { id: 3, title: 'Harbor Lights', titleSlug: 'harbor-lights', path: '/tv/Harbor Lights', tvdbId: 81234, tvMazeId: 0, tmdbId: 0, imdbId: 'tt0201234', type: 'standard', year: 2015, tags: [] };
const episodes = [
  { id: 301, episodeNumber: 1, seasonNumber: 2, title: 'Low Tide', seriesId: 3, tvdbId: 7001 },
  { id: 302, episodeNumber: 2, seasonNumber: 2, title: 'High Water', seriesId: 3, tvdbId: 7002 },
];
const sRelease = { quality: 'WEBDL-1080p', qualityVersion: 1, releaseGroup: 'NTb', releaseTitle: 'Harbor.Lights.S02.1080p.WEB-DL-NTb', indexer: 'NZBgeek', size: 12_000_000_000, customFormatScore: 0, customFormats: [] };
const episodeFile = { id: 91, relativePath: 'Season 02/Harbor Lights - S02E01.mkv', path: '/tv/Harbor Lights/Season 02/Harbor Lights - S02E01.mkv', quality: 'WEBDL-1080p', qualityVersion: 1, size: 1_500_000_000, dateAdded: '2026-03-01T10:00:00Z', languages: [{ id: 1, name: 'English' }] };
const episodeFile2 = { ...episodeFile, id: 92, relativePath: 'Season 02/Harbor Lights - S02E02.mkv', path: '/tv/Harbor Lights/Season 02/Harbor Lights - S02E02.mkv' };
const sDownloadInfo = { quality: 'WEBDL-1080p', qualityVersion: 1, title: 'Harbor.Lights.S02.1080p.WEB-DL-NTb', size: 12_000_000_000 };

export const sonarrWebhooks: Record<string, Record<string, unknown>> = {
  Test: { ...sCommon, eventType: 'Test', series, episodes },
  Grab: { ...sCommon, eventType: 'Grab', series, episodes, release: sRelease, downloadClient: 'SABnzbd', downloadClientType: 'Sabnzbd', downloadId: 'SABnzbd_nzo_s02' },
  // One per imported file (WebhookImportPayload.cs).
  Download: { ...sCommon, eventType: 'Download', series, episodes: [episodes[0]], episodeFile, isUpgrade: true, downloadClient: 'SABnzbd', downloadClientType: 'Sabnzbd', downloadId: 'SABnzbd_nzo_s02', deletedFiles: [{ ...episodeFile, id: 80, recycleBinPath: '/recycle/x.mkv' }], customFormatInfo: { customFormats: [], customFormatScore: 0 }, release: { releaseTitle: sRelease.releaseTitle, indexer: 'NZBgeek', size: 12_000_000_000, indexerFlags: [] } },
  Rename: { ...sCommon, eventType: 'Rename', series, renamedEpisodeFiles: [] },
  SeriesAdd: { ...sCommon, eventType: 'SeriesAdd', series },
  SeriesDelete: { ...sCommon, eventType: 'SeriesDelete', series, deletedFiles: false },
  EpisodeFileDelete: { ...sCommon, eventType: 'EpisodeFileDelete', series, episodes, episodeFile, deleteReason: 'manual' },
  Health: { ...sCommon, eventType: 'Health', ...health },
  HealthRestored: { ...sCommon, eventType: 'HealthRestored', ...health },
  ApplicationUpdate: { ...sCommon, eventType: 'ApplicationUpdate', ...update },
  ManualInteractionRequired: { ...sCommon, eventType: 'ManualInteractionRequired', series, episodes, downloadInfo: sDownloadInfo, downloadClient: 'qBittorrent', downloadClientType: 'qBittorrent', downloadId: 'ABCDEF9999', downloadStatus: 'Warning', downloadStatusMessages: [] },
};

/** Sonarr's second Download body: the whole download imported (WebhookImportCompletePayload.cs), no isUpgrade. */
export const sonarrImportComplete: Record<string, unknown> = {
  ...sCommon,
  eventType: 'Download',
  series,
  episodes,
  episodeFiles: [episodeFile, episodeFile2],
  fileCount: 2,
  sourcePath: '/downloads/complete/Harbor.Lights.S02.1080p.WEB-DL-NTb',
  destinationPath: '/tv/Harbor Lights',
  release: { releaseTitle: sRelease.releaseTitle, indexer: 'NZBgeek', size: 12_000_000_000, indexerFlags: [], releaseType: 'seasonPack' },
  downloadClient: 'SABnzbd',
  downloadClientType: 'Sabnzbd',
  downloadId: 'SABnzbd_nzo_s02',
};

/**
 * ManualInteractionRequired for a download the app could not match: no movie or series (NotificationService.cs
 * leaves it null, WebhookBase.cs GetMovie/GetSeries turns it into null, the serializer drops it).
 */
export const radarrUnmatchedInteraction: Record<string, unknown> = {
  ...common,
  eventType: 'ManualInteractionRequired',
  downloadInfo: { quality: 'Unknown', qualityVersion: 1, title: 'Some.Unknown.Release.2024.1080p-XYZ', size: 4_000_000_000 },
  downloadClient: 'qBittorrent',
  downloadClientType: 'qBittorrent',
  downloadId: 'FEDCBA0000',
  downloadStatus: 'Warning',
  downloadStatusMessages: [{ title: 'Some.Unknown.Release.2024.1080p-XYZ', messages: ['Unknown Movie'] }],
  customFormatInfo: { customFormats: [], customFormatScore: 0 },
  release: { size: 0 },
};
export const sonarrUnmatchedInteraction: Record<string, unknown> = {
  ...sCommon,
  eventType: 'ManualInteractionRequired',
  episodes: [],
  downloadInfo: { quality: 'Unknown', qualityVersion: 1, title: 'Some.Unknown.Show.S01E01.1080p-XYZ', size: 1_000_000_000 },
  downloadClient: 'qBittorrent',
  downloadClientType: 'qBittorrent',
  downloadId: 'FEDCBA9999',
  downloadStatus: 'Warning',
  downloadStatusMessages: [{ title: 'Some.Unknown.Show.S01E01.1080p-XYZ', messages: ['Unknown Series'] }],
  customFormatInfo: { customFormats: [], customFormatScore: 0 },
  release: { size: 0 },
};
