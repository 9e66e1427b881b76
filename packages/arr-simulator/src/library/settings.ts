/** Root folders, tags, download clients and indexers of a generated instance. */
import type { Random } from '../random.ts';

export interface RootFolderEntity {
  id: number;
  path: string;
  accessible: boolean;
  freeSpace: number;
  totalSpace: number;
}

export interface Tag {
  id: number;
  label: string;
}

/** What download clients and indexers share (the apps' `ProviderResource`). */
export interface ProviderEntity {
  id: number;
  name: string;
  implementation: string;
  implementationName: string;
  configContract: string;
  protocol: 'usenet' | 'torrent';
  priority: number;
  fields: { order: number; name: string; label: string; value?: unknown; type: string; advanced: boolean; privacy: string; isFloat: boolean }[];
  tags: number[];
  /** The wiki page of the implementation, as the apps' `ProviderResource` links it. */
  infoLink: string;
}

export interface DownloadClientEntity extends ProviderEntity {
  enable: boolean;
  removeCompletedDownloads: boolean;
  removeFailedDownloads: boolean;
}

export interface IndexerEntity extends ProviderEntity {
  enableRss: boolean;
  enableAutomaticSearch: boolean;
  enableInteractiveSearch: boolean;
  supportsRss: boolean;
  supportsSearch: boolean;
  downloadClientId: number;
}

const TB = 1024 ** 4;

export function buildRootFolders(kind: 'radarr' | 'sonarr', random: Random): RootFolderEntity[] {
  const base = kind === 'radarr' ? '/data/movies' : '/data/tv';
  return [base, `${base}-archive`].map((path, index) => {
    const totalSpace = random.int(4, 16) * TB;
    return { id: index + 1, path, accessible: true, totalSpace, freeSpace: Math.floor(totalSpace * (0.15 + random.next() * 0.6)) };
  });
}

export function buildTags(): Tag[] {
  return ['4k', 'family', 'requested', 'anime'].map((label, index) => ({ id: index + 1, label }));
}

function field(order: number, name: string, value: unknown): DownloadClientEntity['fields'][number] {
  return { order, name, label: name, value, type: 'textbox', advanced: false, privacy: 'normal', isFloat: false };
}

/** `ProviderResource.InfoLink` (Sonarr main: src/Sonarr.Api.V3/ProviderResource.cs; Radarr the same). */
function infoLink(kind: 'radarr' | 'sonarr', implementation: string): string {
  return `https://wiki.servarr.com/${kind}/supported#${implementation.toLowerCase()}`;
}

export function buildDownloadClients(kind: 'radarr' | 'sonarr'): DownloadClientEntity[] {
  return [
    { id: 1, name: 'SABnzbd', implementation: 'Sabnzbd', implementationName: 'SABnzbd', configContract: 'SabnzbdSettings', protocol: 'usenet', enable: true, priority: 1, removeCompletedDownloads: true, removeFailedDownloads: true, fields: [field(0, 'host', 'sabnzbd'), field(1, 'port', 8080)], tags: [], infoLink: infoLink(kind, 'Sabnzbd') },
    { id: 2, name: 'qBittorrent', implementation: 'QBittorrent', implementationName: 'qBittorrent', configContract: 'QBittorrentSettings', protocol: 'torrent', enable: true, priority: 1, removeCompletedDownloads: false, removeFailedDownloads: true, fields: [field(0, 'host', 'qbittorrent'), field(1, 'port', 8081)], tags: [], infoLink: infoLink(kind, 'QBittorrent') },
  ];
}

export function buildIndexers(kind: 'radarr' | 'sonarr'): IndexerEntity[] {
  const make = (id: number, name: string, protocol: 'usenet' | 'torrent', implementation: string): IndexerEntity => ({
    id, name, implementation, implementationName: implementation, configContract: `${implementation}Settings`, protocol,
    enableRss: true, enableAutomaticSearch: true, enableInteractiveSearch: true, supportsRss: true, supportsSearch: true,
    priority: 25, downloadClientId: 0, fields: [field(0, 'baseUrl', `https://${name.toLowerCase().replace(/\s+/g, '-')}.indexer.invalid`)], tags: [], infoLink: infoLink(kind, implementation),
  });
  return [make(1, 'Sim Newznab', 'usenet', 'Newznab'), make(2, 'Sim Torznab', 'torrent', 'Torznab'), make(3, 'Faux Tracker', 'torrent', 'Torznab')];
}
