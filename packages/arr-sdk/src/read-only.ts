/**
 * Write bodies without the fields the documents mark `readOnly: true` (generated into
 * `generated/<app>-shapes.ts`): a read-modify-write or an add from a lookup result would otherwise
 * send back what the server computes (Sonarr's `ended`, `statistics`, `languageProfileId`, ...).
 */
import type { ReadOnlyFields } from './shape-check.ts';

/**
 * A copy of `value` without the read-only fields of the given schemas, nested objects and arrays of
 * them included. `id` is always kept: the apps read the id of a PUT from its body.
 */
export function withoutReadOnly<T>(value: T, schemas: readonly string[], table: ReadOnlyFields): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutReadOnly(item, schemas, table)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = schemas.flatMap((name) => {
    const entry = Object.hasOwn(table, name) ? table[name] : undefined;
    return entry === undefined ? [] : [entry];
  });
  if (entries.length === 0) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== 'id' && entries.some((entry) => entry.fields.includes(key))) continue;
    const nested = entries.flatMap((entry) => {
      const schema = Object.hasOwn(entry.nested, key) ? entry.nested[key] : undefined;
      return schema === undefined ? [] : [schema];
    });
    out[key] = nested.length > 0 ? withoutReadOnly(field, nested, table) : field;
  }
  return out as T;
}
