/**
 * Defensive formatting: an event as the renderer may trust it. Events come from Radarr and Sonarr
 * (webhooks, API reads) through the monitor, and a field of an unexpected type (a numeric quality
 * or release title, episodes that are not a list) must never make a notification impossible to
 * render. Each fact the renderer reads is coerced to its declared type: numbers and booleans
 * where text is expected become text, anything else unusable is dropped (or gets a placeholder
 * where the fact is required). Pure.
 */
import type { DiskFacts, DownloadFacts, HealthFacts, MediaFacts, MonitorEvent, ProgressFacts } from '@discarr/monitor';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Text of a string, number, boolean or bigint; undefined for anything else. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** A finite number (numeric text accepted); undefined for anything else. */
export function finite(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((one): one is string => one !== undefined) : [];
}

function safeMedia(value: unknown): MediaFacts {
  const media = record(value);
  const mediaType = media.mediaType === 'series' || media.mediaType === 'episode' ? media.mediaType : 'movie';
  const episodes = Array.isArray(media.episodes)
    ? media.episodes.map((one) => {
        const episode = record(one);
        return { seasonNumber: finite(episode.seasonNumber) ?? 0, episodeNumber: finite(episode.episodeNumber) ?? 0, title: text(episode.title) };
      })
    : undefined;
  return {
    mediaType,
    title: text(media.title) ?? 'Unknown title',
    year: finite(media.year),
    movieId: finite(media.movieId),
    seriesId: finite(media.seriesId),
    tmdbId: finite(media.tmdbId),
    tvdbId: finite(media.tvdbId),
    imdbId: text(media.imdbId),
    episodes,
    seasonNumber: finite(media.seasonNumber),
    posterUrl: text(media.posterUrl),
    // Tags are routing facts the renderer does not show: kept when they are ids or labels, whichever the monitor reports.
    tags: (Array.isArray(media.tags) ? media.tags.filter((tag) => typeof tag === 'string' || typeof tag === 'number') : undefined) as MediaFacts['tags'],
  };
}

function safeDownload(value: unknown): DownloadFacts {
  const download = record(value);
  return {
    downloadId: text(download.downloadId) ?? '',
    releaseTitle: text(download.releaseTitle),
    quality: text(download.quality),
    size: finite(download.size),
    indexer: text(download.indexer),
    downloadClient: text(download.downloadClient),
    protocol: text(download.protocol),
    releaseGroup: text(download.releaseGroup),
  };
}

function safeProgress(value: unknown): ProgressFacts {
  const progress = record(value);
  return {
    percent: finite(progress.percent) ?? 0,
    size: finite(progress.size) ?? 0,
    sizeleft: finite(progress.sizeleft) ?? 0,
    speedBytesPerSecond: finite(progress.speedBytesPerSecond),
    etaMs: finite(progress.etaMs),
    state: (text(progress.state) ?? 'unknown') as ProgressFacts['state'],
  };
}

function safeHealth(value: unknown): HealthFacts {
  const health = record(value);
  const level = health.level === 'notice' || health.level === 'error' ? health.level : 'warning';
  return { source: text(health.source) ?? 'unknown', level, message: text(health.message) ?? '', wikiUrl: text(health.wikiUrl) };
}

function safeDisk(value: unknown): DiskFacts {
  const disk = record(value);
  return { path: text(disk.path) ?? '?', label: text(disk.label), freeSpace: finite(disk.freeSpace) ?? 0, totalSpace: finite(disk.totalSpace) ?? 0, percentFree: finite(disk.percentFree) ?? 0 };
}

/** The event with every fact the renderer reads of its declared type. */
export function safeEvent(event: MonitorEvent): MonitorEvent {
  const raw = event as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...raw, id: text(raw.id) ?? '', instance: text(raw.instance) ?? '?', at: text(raw.at) ?? '', kind: raw.kind === 'sonarr' ? 'sonarr' : 'radarr' };
  if ('media' in raw) out.media = safeMedia(raw.media);
  if ('download' in raw) out.download = safeDownload(raw.download);
  if ('progress' in raw) out.progress = safeProgress(raw.progress);
  if ('messages' in raw) out.messages = texts(raw.messages);
  if ('reason' in raw) out.reason = text(raw.reason) ?? '';
  if ('health' in raw) out.health = safeHealth(raw.health);
  if ('disk' in raw) out.disk = safeDisk(raw.disk);
  for (const key of ['error', 'version', 'newVersion'] as const) if (key in raw) out[key] = text(raw[key]) ?? '';
  if ('previousVersion' in raw) out.previousVersion = text(raw.previousVersion);
  if ('downForMs' in raw) out.downForMs = finite(raw.downForMs);
  if ('isUpgrade' in raw) out.isUpgrade = raw.isUpgrade === true;
  if ('deletedFiles' in raw) out.deletedFiles = raw.deletedFiles === true;
  return out as unknown as MonitorEvent;
}
