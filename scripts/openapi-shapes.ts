/**
 * What `openapi:generate` derives from our documents besides the types, as data the SDK checks at
 * run time: the shape of every webhook payload (so the parsers check what the documents declare and
 * cannot drift from them) and the fields each schema marks `readOnly` (so write helpers leave them
 * out). Emitted into packages/arr-sdk/src/generated/<app>-shapes.ts.
 */

type Json = Record<string, unknown>;

/** Mirrors `FieldShape` in packages/arr-sdk/src/shape-check.ts. */
type FieldShape =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'unknown'
  | { ref: string }
  | { array: FieldShape }
  | { anyOf: FieldShape[] }
  | { nullable: FieldShape }
  | { object: ObjectShape };

interface ObjectShape {
  required: string[];
  fields: Record<string, FieldShape>;
}

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function refName(ref: unknown): string {
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) throw new Error(`unsupported $ref ${String(ref)}`);
  return ref.slice('#/components/schemas/'.length);
}

/** Compiles the webhook payload schemas of one document: named object shapes and one shape per event type. */
export function webhookShapesOf(document: Json): { schemas: Record<string, ObjectShape>; events: Record<string, FieldShape> } {
  const components = (isJson(document.components) && isJson(document.components.schemas) ? document.components.schemas : {}) as Record<string, Json>;
  const schemas: Record<string, ObjectShape> = {};
  const schemaOf = (name: string): Json => {
    const schema = components[name];
    if (!isJson(schema)) throw new Error(`#/components/schemas/${name} is missing`);
    return schema;
  };

  function objectOf(schema: Json): ObjectShape {
    const shape: ObjectShape = { required: [], fields: {} };
    for (const part of Array.isArray(schema.allOf) ? (schema.allOf as Json[]) : [schema]) {
      const resolved = typeof part.$ref === 'string' ? schemaOf(refName(part.$ref)) : part;
      if (Array.isArray(resolved.allOf)) {
        const inner = objectOf(resolved);
        shape.required.push(...inner.required);
        Object.assign(shape.fields, inner.fields);
        continue;
      }
      if (Array.isArray(resolved.required)) shape.required.push(...(resolved.required as string[]));
      for (const [field, property] of Object.entries(isJson(resolved.properties) ? resolved.properties : {})) {
        shape.fields[field] = compile(property as Json);
      }
    }
    shape.required = [...new Set(shape.required)];
    return shape;
  }

  const isObjectSchema = (schema: Json): boolean => schema.type === 'object' || Array.isArray(schema.allOf) || isJson(schema.properties);

  function compile(schema: Json): FieldShape {
    if (typeof schema.$ref === 'string') {
      const name = refName(schema.$ref);
      const target = schemaOf(name);
      if (!isObjectSchema(target)) return compile(target);
      if (!(name in schemas)) {
        schemas[name] = { required: [], fields: {} }; // a placeholder ends recursion through self-references
        schemas[name] = objectOf(target);
      }
      return { ref: name };
    }
    const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
    if (Array.isArray(alternatives)) {
      const nonNull = alternatives.filter((alternative) => alternative.type !== 'null');
      const compiled = [...new Set(nonNull.map((alternative) => JSON.stringify(compile(alternative))))].map((text) => JSON.parse(text) as FieldShape);
      const shape = compiled.length === 1 ? compiled[0]! : { anyOf: compiled };
      return nonNull.length < alternatives.length ? { nullable: shape } : shape;
    }
    if (Array.isArray(schema.type)) {
      const types = (schema.type as string[]).filter((type) => type !== 'null');
      const shape = types.length === 1 ? compile({ ...schema, type: types[0] }) : { anyOf: types.map((type) => compile({ ...schema, type })) };
      return types.length < (schema.type as string[]).length ? { nullable: shape } : shape;
    }
    if (schema.nullable === true) return { nullable: compile({ ...schema, nullable: false }) };
    if (isObjectSchema(schema)) return isJson(schema.properties) || Array.isArray(schema.allOf) ? { object: objectOf(schema) } : 'object';
    switch (schema.type) {
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return schema.type;
      case 'array':
        return { array: isJson(schema.items) ? compile(schema.items) : 'unknown' };
      default:
        return 'unknown';
    }
  }

  // Each member of the WebhookPayload union fixes `eventType` with a `const` (a member that is itself
  // a union, such as Sonarr's two Download bodies, in each of its alternatives).
  const eventTypeOf = (schema: Json): string => {
    const resolved = typeof schema.$ref === 'string' ? schemaOf(refName(schema.$ref)) : schema;
    const alternatives = (resolved.anyOf ?? resolved.oneOf) as Json[] | undefined;
    if (Array.isArray(alternatives) && alternatives[0]) return eventTypeOf(alternatives[0]);
    const property = isJson(resolved.properties) ? resolved.properties.eventType : undefined;
    if (!isJson(property) || typeof property.const !== 'string') throw new Error(`a WebhookPayload member has no eventType const: ${JSON.stringify(schema)}`);
    return property.const;
  };
  const members = schemaOf('WebhookPayload').oneOf;
  if (!Array.isArray(members)) throw new Error('WebhookPayload must be a oneOf of the payloads');
  const events: Record<string, FieldShape> = {};
  for (const member of members as Json[]) events[eventTypeOf(member)] = compile(member);
  const sorted: Record<string, ObjectShape> = {};
  for (const name of Object.keys(schemas).sort()) sorted[name] = schemas[name]!;
  return { schemas: sorted, events };
}

/**
 * The properties each object schema marks `readOnly: true`, and the properties that hold another
 * schema with read-only fields (so a write helper strips nested objects and arrays of them too).
 */
export function readOnlyFieldsOf(document: Json): Record<string, { fields: string[]; nested: Record<string, string> }> {
  const components = (isJson(document.components) && isJson(document.components.schemas) ? document.components.schemas : {}) as Record<string, Json>;
  const direct: Record<string, { fields: string[]; refs: Record<string, string> }> = {};
  for (const [name, schema] of Object.entries(components)) {
    const parts = Array.isArray(schema.allOf) ? (schema.allOf as Json[]) : [schema];
    const entry = { fields: [] as string[], refs: {} as Record<string, string> };
    for (const part of parts) {
      const resolved = typeof part.$ref === 'string' ? components[refName(part.$ref)] ?? {} : part;
      for (const [field, property] of Object.entries(isJson(resolved.properties) ? resolved.properties : {})) {
        if (!isJson(property)) continue;
        if (property.readOnly === true) entry.fields.push(field);
        const target = property.$ref ?? (isJson(property.items) ? property.items.$ref : undefined);
        if (typeof target === 'string' && target.startsWith('#/components/schemas/')) entry.refs[field] = refName(target);
      }
    }
    direct[name] = entry;
  }
  // A schema needs stripping when it has read-only fields itself or holds one that does.
  const needs = new Set(Object.keys(direct).filter((name) => direct[name]!.fields.length > 0));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, entry] of Object.entries(direct)) {
      if (!needs.has(name) && Object.values(entry.refs).some((ref) => needs.has(ref))) {
        needs.add(name);
        changed = true;
      }
    }
  }
  const out: Record<string, { fields: string[]; nested: Record<string, string> }> = {};
  for (const name of [...needs].sort()) {
    const entry = direct[name]!;
    const nested: Record<string, string> = {};
    for (const [field, ref] of Object.entries(entry.refs)) if (needs.has(ref) && !entry.fields.includes(field)) nested[field] = ref;
    out[name] = { fields: entry.fields, nested };
  }
  return out;
}

/** The generated module: a header, then both tables as typed constants. */
export function shapesModule(name: string, document: Json): string {
  const { schemas, events } = webhookShapesOf(document);
  const readOnly = readOnlyFieldsOf(document);
  return [
    '/**',
    ` * Generated by \`pnpm openapi:generate\` from openapi/${name}.yaml (scripts/openapi-shapes.ts).`,
    ' * Do not edit by hand: change the document and regenerate.',
    ' */',
    '/* eslint-disable */',
    "import type { FieldShape, ObjectShape, ReadOnlyFields } from '../shape-check.ts';",
    '',
    '/** The object schemas webhook payloads are built from, by name. */',
    `export const webhookSchemas: Readonly<Record<string, ObjectShape>> = ${JSON.stringify(schemas, null, 2)};`,
    '',
    '/** The shape of each webhook event type, by `eventType`. */',
    `export const webhookEvents: Readonly<Record<string, FieldShape>> = ${JSON.stringify(events, null, 2)};`,
    '',
    '/** Fields marked `readOnly` per schema, and the fields that hold schemas with read-only fields. */',
    `export const readOnlyFields: ReadOnlyFields = ${JSON.stringify(readOnly, null, 2)};`,
    '',
  ].join('\n');
}
