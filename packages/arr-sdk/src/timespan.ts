/**
 * Radarr and Sonarr send `timeleft` as a .NET TimeSpan string: `hh:mm:ss`, `d.hh:mm:ss`, optionally
 * with fractional seconds (`00:01:02.5000000`).
 */
// Anchored, and no quantified group repeats another: linear time on any input.
// eslint-disable-next-line security/detect-unsafe-regex
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** Milliseconds of a TimeSpan string, or `undefined` when absent or malformed. */
export function parseTimeSpan(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const match = TIMESPAN.exec(value);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0);
  return ms;
}

/** Formats milliseconds as a TimeSpan string the way the apps do (`d.hh:mm:ss` past a day). */
export function formatTimeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hms = [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days}.${hms}` : hms;
}
