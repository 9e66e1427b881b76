/** Quality definitions and profiles shared by both apps (ids as the apps number them). */

export interface QualityDefinition {
  id: number;
  name: string;
  source: string;
  resolution: number;
  modifier?: string;
}

export interface QualityModel {
  quality: QualityDefinition;
  revision: { version: number; real: number; isRepack: boolean };
}

export interface Language {
  id: number;
  name: string;
}

export const ENGLISH: Language = { id: 1, name: 'English' };

export const QUALITIES: readonly QualityDefinition[] = [
  { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720, modifier: 'none' },
  { id: 9, name: 'HDTV-1080p', source: 'television', resolution: 1080, modifier: 'none' },
  { id: 5, name: 'WEBDL-720p', source: 'webdl', resolution: 720, modifier: 'none' },
  { id: 3, name: 'WEBDL-1080p', source: 'webdl', resolution: 1080, modifier: 'none' },
  { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080, modifier: 'none' },
  { id: 18, name: 'WEBDL-2160p', source: 'webdl', resolution: 2160, modifier: 'none' },
  { id: 19, name: 'Bluray-2160p', source: 'bluray', resolution: 2160, modifier: 'none' },
];

/**
 * Each app's name for a quality's source: Radarr's `Source` (unknown, cam, telesync, telecine,
 * workprint, dvd, tv, webdl, webrip, bluray) and Sonarr's `QualitySource` (unknown, television,
 * televisionRaw, web, webRip, dvd, bluray, blurayRaw; Sonarr main: src/NzbDrone.Core/Qualities/QualitySource.cs).
 * `QUALITIES` names the source by family: television, webdl, bluray.
 */
const SOURCE_NAMES: Record<'radarr' | 'sonarr', Record<string, string>> = {
  radarr: { television: 'tv', webdl: 'webdl', bluray: 'bluray' },
  sonarr: { television: 'television', webdl: 'web', bluray: 'bluray' },
};

/** Quality definition as the app serialises it: its own source names; Sonarr has no `modifier`. */
export function forApp(kind: 'radarr' | 'sonarr', quality: QualityDefinition): QualityDefinition {
  const source = SOURCE_NAMES[kind][quality.source] ?? quality.source;
  if (kind === 'radarr') return { ...quality, source };
  return { id: quality.id, name: quality.name, source, resolution: quality.resolution };
}

export function qualityModel(kind: 'radarr' | 'sonarr', quality: QualityDefinition): QualityModel {
  return { quality: forApp(kind, quality), revision: { version: 1, real: 0, isRepack: false } };
}

/** `languages`, `quality` and `customFormats` of a release, file or record (every release is in English, without custom formats). */
export function releaseQualityFields(kind: 'radarr' | 'sonarr', quality: QualityDefinition): { languages: Language[]; quality: QualityModel; customFormats: never[] } {
  return { languages: [ENGLISH], quality: qualityModel(kind, quality), customFormats: [] };
}

export interface QualityProfile {
  id: number;
  name: string;
  upgradeAllowed: boolean;
  cutoff: number;
  items: { id: number; quality: QualityDefinition; items: never[]; allowed: boolean }[];
  minFormatScore: number;
  cutoffFormatScore: number;
  minUpgradeFormatScore: number;
  formatItems: never[];
  language?: Language;
}

export function buildQualityProfiles(kind: 'radarr' | 'sonarr'): QualityProfile[] {
  const specs: [string, number[], number][] = [
    ['Any', [4, 9, 5, 3, 7, 18, 19], 3],
    ['HD-1080p', [9, 3, 7], 7],
    ['Ultra-HD', [18, 19], 19],
  ];
  return specs.map(([name, allowed, cutoff], index) => {
    const profile: QualityProfile = {
      id: index + 1,
      name,
      upgradeAllowed: true,
      cutoff,
      items: QUALITIES.map((quality) => ({ id: quality.id, quality: forApp(kind, quality), items: [], allowed: allowed.includes(quality.id) })),
      minFormatScore: 0,
      cutoffFormatScore: 0,
      minUpgradeFormatScore: 1,
      formatItems: [],
    };
    if (kind === 'radarr') profile.language = ENGLISH;
    return profile;
  });
}
