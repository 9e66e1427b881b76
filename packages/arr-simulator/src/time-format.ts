/** ISO 8601 in UTC with a `Z`, as the apps serialise dates. (TimeSpans: `formatTimeSpan` of `@discarr/arr-sdk`.) */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
