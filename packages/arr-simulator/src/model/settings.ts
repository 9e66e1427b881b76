/**
 * The instance's settings: quality profiles, root folders (with their disks), tags, download
 * clients and indexers. Generated from the seed; tags and disk space change through this part only.
 */
import { buildQualityProfiles, type QualityProfile } from '../library/qualities.ts';
import { buildDownloadClients, buildIndexers, buildRootFolders, buildTags, type DownloadClientEntity, type IndexerEntity, type RootFolderEntity, type Tag } from '../library/settings.ts';
import type { Random } from '../random.ts';

/** A disk as `GET /diskspace` lists it. */
export interface Disk {
  path: string;
  freeSpace: number;
  totalSpace: number;
}

/** The settings part of an instance. */
export interface Settings {
  readonly qualityProfiles: readonly QualityProfile[];
  /** Root folders; each one's disk space is what `setDiskFree` last set. */
  readonly rootFolders: readonly RootFolderEntity[];
  readonly tags: readonly Tag[];
  readonly downloadClients: readonly DownloadClientEntity[];
  readonly indexers: readonly IndexerEntity[];
  /** The tag with this label (lower-cased, as the apps store it), created when missing. */
  addTag(label: string): Tag;
  /** Sets the free (and total) space of a root folder's disk, or of another path's disk. */
  setDiskFree(path: string, bytes: number, totalBytes?: number): void;
  /** Every disk: the root folders', then the other paths given to `setDiskFree`. */
  disks(): Disk[];
  /** The download client a release of this protocol goes to. */
  clientFor(protocol: 'usenet' | 'torrent'): DownloadClientEntity;
  /** The indexer with this id, else the first one of this protocol. */
  indexerFor(id: number | undefined, protocol: 'usenet' | 'torrent'): IndexerEntity;
}

export function createSettings(kind: 'radarr' | 'sonarr', random: Random): Settings {
  const rootFolders = buildRootFolders(kind, random);
  const tags = buildTags();
  const downloadClients = buildDownloadClients(kind);
  const indexers = buildIndexers(kind);
  /** Disks of paths that are not root folders. */
  const extraDisks = new Map<string, Disk>();
  return {
    qualityProfiles: buildQualityProfiles(kind),
    rootFolders,
    tags,
    downloadClients,
    indexers,
    addTag(label) {
      const lower = label.toLowerCase();
      const existing = tags.find((tag) => tag.label === lower);
      if (existing !== undefined) return existing;
      const tag = { id: Math.max(0, ...tags.map((candidate) => candidate.id)) + 1, label: lower };
      tags.push(tag);
      return tag;
    },
    setDiskFree(path, bytes, totalBytes) {
      const folder = rootFolders.find((candidate) => candidate.path === path);
      if (folder !== undefined) {
        folder.freeSpace = bytes;
        if (totalBytes !== undefined) folder.totalSpace = totalBytes;
        return;
      }
      extraDisks.set(path, { path, freeSpace: bytes, totalSpace: totalBytes ?? Math.max(bytes, extraDisks.get(path)?.totalSpace ?? bytes * 2) });
    },
    disks() {
      const disks: Disk[] = rootFolders.map((folder) => ({ path: folder.path, freeSpace: folder.freeSpace, totalSpace: folder.totalSpace }));
      for (const disk of extraDisks.values()) if (!disks.some((existing) => existing.path === disk.path)) disks.push({ ...disk });
      return disks;
    },
    clientFor(protocol) {
      const client = downloadClients.find((candidate) => candidate.protocol === protocol) ?? downloadClients[0];
      if (client === undefined) throw new Error('The instance has no download client.');
      return client;
    },
    indexerFor(id, protocol) {
      const indexer = indexers.find((candidate) => candidate.id === id) ?? indexers.find((candidate) => candidate.protocol === protocol) ?? indexers[0];
      if (indexer === undefined) throw new Error('The instance has no indexer.');
      return indexer;
    },
  };
}
