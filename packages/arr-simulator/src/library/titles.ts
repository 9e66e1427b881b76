/** Title helpers: generated titles, clean titles and slugs as the apps derive them. */
import type { Random } from '../random.ts';
import { ADJECTIVES, NOUNS, PLACES } from './words.ts';

export function generateTitle(random: Random): string {
  switch (random.int(0, 3)) {
    case 0:
      return `The ${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
    case 1:
      return `${random.pick(NOUNS)} of ${random.pick(PLACES)}`;
    case 2:
      return `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
    default:
      return `${random.pick(PLACES)} ${random.pick(NOUNS)}`;
  }
}

/** Lowercase letters and digits only, as the apps' `cleanTitle`. */
export function cleanTitle(title: string): string {
  return title.toLowerCase().replace(/^the\s+/, '').replace(/[^a-z0-9]/g, '');
}

export function slug(title: string, suffix?: number): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return suffix === undefined ? base : `${base}-${suffix}`;
}

export function sortTitle(title: string): string {
  return title.toLowerCase().replace(/^the\s+/, '');
}

/** Characters a release title uses for spaces. */
export function dotted(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}
