/** Releases an indexer search returned, cached by guid until grabbed, as the apps cache them. */
import type { QualityDefinition } from '../library/qualities.ts';
import { QUALITIES } from '../library/qualities.ts';
import { RELEASE_GROUPS } from '../library/words.ts';
import type { DownloadTarget } from '../model/download.ts';
import type { Instance } from '../model/instance.ts';
import { isoDate } from '../time-format.ts';

export interface CachedRelease {
  guid: string;
  title: string;
  quality: QualityDefinition;
  size: number;
  indexerId: number;
  indexer: string;
  protocol: 'usenet' | 'torrent';
  releaseGroup: string;
  ageHours: number;
  publishDate: string;
  seeders?: number;
  leechers?: number;
  target: DownloadTarget;
  rejected: boolean;
  rejections: string[];
  /** The resource as the search answered it, returned again by a grab. */
  json?: Record<string, unknown>;
}

export interface ReleaseCache {
  search(target: DownloadTarget): CachedRelease[];
  get(guid: string): CachedRelease | undefined;
}

export function createReleaseCache(instance: Pick<Instance, 'random' | 'clock' | 'settings' | 'app' | 'blocklist'>): ReleaseCache {
  const cache = new Map<string, CachedRelease>();
  return {
    search(target) {
      const random = instance.random.releases;
      const now = instance.clock.now();
      const out: CachedRelease[] = [];
      const count = random.int(3, 8);
      for (let index = 0; index < count; index++) {
        const quality = random.pick(QUALITIES);
        const indexer = random.pick(instance.settings.indexers);
        const group = random.pick(RELEASE_GROUPS);
        const ageHours = random.int(1, 24 * 400);
        const title = instance.app.releaseTitle(target, quality, group);
        const release: CachedRelease = {
          guid: `${indexer.protocol === 'torrent' ? 'magnet' : 'nzb'}-${random.hex(16)}`,
          title,
          quality,
          size: instance.app.releaseSize(target, quality, random),
          indexerId: indexer.id,
          indexer: indexer.name,
          protocol: indexer.protocol,
          releaseGroup: group,
          ageHours,
          publishDate: isoDate(now - ageHours * 3_600_000),
          target,
          rejected: instance.blocklist.has(title),
          rejections: instance.blocklist.has(title) ? ['Release is blocklisted'] : [],
        };
        if (indexer.protocol === 'torrent') {
          release.seeders = random.int(0, 500);
          release.leechers = random.int(0, 80);
        }
        cache.set(release.guid, release);
        out.push(release);
      }
      return out;
    },
    get: (guid) => cache.get(guid),
  };
}

/** Fields of a release resource common to both apps. */
export function releaseCommonJson(release: CachedRelease): Record<string, unknown> {
  const json: Record<string, unknown> = {
    guid: release.guid,
    customFormats: [],
    customFormatScore: 0,
    qualityWeight: release.quality.id * 100,
    age: Math.floor(release.ageHours / 24),
    ageHours: release.ageHours,
    ageMinutes: release.ageHours * 60,
    size: release.size,
    indexerId: release.indexerId,
    indexer: release.indexer,
    releaseGroup: release.releaseGroup,
    releaseHash: '',
    title: release.title,
    sceneSource: false,
    approved: !release.rejected,
    temporarilyRejected: false,
    rejected: release.rejected,
    rejections: release.rejections,
    publishDate: release.publishDate,
    downloadAllowed: true,
    releaseWeight: 0,
    indexerFlags: 0,
    protocol: release.protocol,
    downloadUrl: `https://${release.indexer.toLowerCase().replace(/\s+/g, '-')}.indexer.invalid/download/${release.guid}`,
    infoUrl: `https://${release.indexer.toLowerCase().replace(/\s+/g, '-')}.indexer.invalid/details/${release.guid}`,
  };
  if (release.seeders !== undefined) json.seeders = release.seeders;
  if (release.leechers !== undefined) json.leechers = release.leechers;
  return json;
}
