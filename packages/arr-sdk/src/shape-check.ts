/**
 * Run-time checks of untrusted JSON against shapes generated from our documents
 * (src/generated/<app>-shapes.ts): every declared field is checked for its type when present, every
 * required one for its presence, array items included. Fields a document does not declare pass
 * through untouched. Lookups go through `Object.hasOwn`, so keys like `__proto__` or `toString` in
 * the input never reach the prototype chain.
 */

/** The type of one field, as generated from a schema. */
export type FieldShape =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'unknown'
  | { readonly ref: string }
  | { readonly array: FieldShape }
  | { readonly anyOf: readonly FieldShape[] }
  | { readonly nullable: FieldShape }
  | { readonly object: ObjectShape };

/** An object schema: its required fields and the shape of every declared field. */
export interface ObjectShape {
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldShape>>;
}

/** Per schema, the fields marked `readOnly` and the fields holding a schema with read-only fields. */
export type ReadOnlyFields = Readonly<Record<string, { readonly fields: readonly string[]; readonly nested: Readonly<Record<string, string>> }>>;

/** The first thing wrong in a value: the dotted path of the field and what is wrong with it. */
export class ShapeMismatch extends Error {
  override name = 'ShapeMismatch';
  readonly field: string;
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/** The JSON type of a value, as it is named in messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Checks `value` against a field shape; throws `ShapeMismatch` naming the first wrong field. */
export function checkShape(value: unknown, shape: FieldShape, schemas: ReadonlyMap<string, ObjectShape>, path: string): void {
  if (typeof shape === 'string') {
    checkScalar(value, shape, path);
    return;
  }
  if ('nullable' in shape) {
    if (value !== null) checkShape(value, shape.nullable, schemas, path);
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) throw new ShapeMismatch(path, `must be an array, got ${jsonTypeOf(value)}`);
    value.forEach((item, index) => {
      checkShape(item, shape.array, schemas, `${path}[${index}]`);
    });
    return;
  }
  if ('anyOf' in shape) {
    checkAlternatives(value, shape.anyOf, schemas, path);
    return;
  }
  const object = 'ref' in shape ? schemas.get(shape.ref) : shape.object;
  if (object === undefined) throw new Error(`no generated schema ${'ref' in shape ? shape.ref : ''}`);
  checkObject(value, object, schemas, path);
}

function checkScalar(value: unknown, shape: Exclude<FieldShape, object>, path: string): void {
  const actual = jsonTypeOf(value);
  switch (shape) {
    case 'unknown':
      if (value === undefined) throw new ShapeMismatch(path, 'is missing');
      return;
    case 'integer':
      if (!Number.isInteger(value)) throw new ShapeMismatch(path, `must be an integer, got ${actual === 'number' ? String(value) : actual}`);
      return;
    case 'object':
      if (actual !== 'object') throw new ShapeMismatch(path, `must be an object, got ${actual}`);
      return;
    default:
      if (actual !== shape) throw new ShapeMismatch(path, `must be a ${shape}, got ${actual}`);
  }
}

function checkObject(value: unknown, object: ObjectShape, schemas: ReadonlyMap<string, ObjectShape>, path: string): void {
  if (jsonTypeOf(value) !== 'object') throw new ShapeMismatch(path || 'body', `must be an object, got ${jsonTypeOf(value)}`);
  const record = value as Record<string, unknown>;
  const has = (key: string): boolean => Object.hasOwn(record, key) && record[key] !== undefined;
  // A field that is there with the wrong type says more about the sender than one that is missing:
  // report it first.
  for (const [key, field] of Object.entries(object.fields)) {
    if (has(key)) checkShape(record[key], field, schemas, join(path, key));
  }
  for (const key of object.required) {
    if (has(key)) continue;
    const field = Object.hasOwn(object.fields, key) ? object.fields[key] : undefined;
    if (field === undefined) throw new ShapeMismatch(join(path, key), 'is missing');
    checkShape(undefined, field, schemas, join(path, key));
  }
}

/**
 * A value must match one of several shapes (Sonarr's two Download bodies). The alternative whose
 * required fields the value has most of is tried first, and its mismatch is the one reported: the
 * per-file body with a wrong `episodeFile` is told about `episodeFile`, not about a missing
 * `episodeFiles`.
 */
function checkAlternatives(value: unknown, alternatives: readonly FieldShape[], schemas: ReadonlyMap<string, ObjectShape>, path: string): void {
  const score = (shape: FieldShape): number => {
    const object = typeof shape === 'object' && 'ref' in shape ? schemas.get(shape.ref) : typeof shape === 'object' && 'object' in shape ? shape.object : undefined;
    if (object === undefined || jsonTypeOf(value) !== 'object') return 0;
    return object.required.filter((key) => Object.hasOwn(value as object, key)).length;
  };
  const ranked = alternatives.map((shape, index) => ({ shape, score: score(shape), index })).sort((a, b) => b.score - a.score || a.index - b.index);
  let first: unknown;
  for (const { shape } of ranked) {
    try {
      checkShape(value, shape, schemas, path);
      return;
    } catch (error) {
      if (!(error instanceof ShapeMismatch)) throw error;
      first ??= error;
    }
  }
  throw first;
}
