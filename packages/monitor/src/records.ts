/**
 * Records keyed by strings that come from outside (download ids, event ids, health sources):
 * null-prototype objects, read with `Object.hasOwn`. A key such as `__proto__`, `constructor` or
 * `toString` is then an ordinary key: it never reads, or writes to, `Object.prototype`. They stay
 * plain JSON for the store, and are made null-prototype again when loaded.
 */

/** A string-keyed record without a prototype. */
export type KeyedRecord<T> = Record<string, T>;

/** A null-prototype record holding `entries`. */
export function keyedRecord<T>(entries: Iterable<readonly [string, T]> = []): KeyedRecord<T> {
  const out = Object.create(null) as KeyedRecord<T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** The value of `key` when `record` holds it itself (never an inherited member). */
export function ownValue<T>(record: Readonly<KeyedRecord<T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A copy of `record` without `key` (the record itself when it has no such key). */
export function withoutKey<T>(record: KeyedRecord<T>, key: string): KeyedRecord<T> {
  if (!Object.hasOwn(record, key)) return record;
  return keyedRecord(Object.entries(record).filter(([other]) => other !== key));
}
