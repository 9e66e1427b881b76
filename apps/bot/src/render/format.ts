/** Small text formatters shared by the board, the notifications and the command replies. */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** `1536` → `1.5 KB` (binary multiples, the way Radarr and Sonarr show sizes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** `3_723_000` → `1h 2m`; `45_000` → `45s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/** `52` → `▰▰▰▰▰▱▱▱▱▱ 52%`. */
export function progressBar(percent: number, width = 10): string {
  const clamped = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
  const filled = Math.round((clamped / 100) * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${Math.floor(clamped)}%`;
}

/** Cuts `text` to at most `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  if (max === 1) return '…';
  return `${text.slice(0, max - 1)}…`;
}

/** Escapes Discord markdown in user-controlled text (titles, release names). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|>[\]()]/g, (character) => `\\${character}`);
}

/**
 * Joins `lines` with newlines into at most `max` characters; lines that do not fit are summarised as
 * `… and N more` (never silently dropped).
 */
export function joinLinesWithin(lines: readonly string[], max: number, separator = '\n'): string {
  let text = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const candidate = text === '' ? line : `${text}${separator}${line}`;
    const remaining = lines.length - index - 1;
    const moreNote = remaining > 0 ? `${separator}… and ${remaining} more` : '';
    if (candidate.length + moreNote.length <= max) {
      text = candidate;
      continue;
    }
    const note = `… and ${lines.length - index} more`;
    const withNote = text === '' ? note : `${text}${separator}${note}`;
    if (withNote.length <= max) return withNote;
    // Not even the note fits after the kept lines: fall back to cutting.
    return truncate(withNote, max);
  }
  return text;
}

/** `S01E02` for an episode. */
export function episodeCode(seasonNumber: number, episodeNumber: number): string {
  return `S${String(seasonNumber).padStart(2, '0')}E${String(episodeNumber).padStart(2, '0')}`;
}
