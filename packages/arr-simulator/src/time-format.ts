/** Formats milliseconds as a .NET TimeSpan string, as the apps serialise `timeleft`: "hh:mm:ss" or "d.hh:mm:ss". */
export function formatTimeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const hms = [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
  return days > 0 ? `${days}.${hms}` : hms;
}

/** ISO 8601 in UTC with a `Z`, as the apps serialise dates. */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
