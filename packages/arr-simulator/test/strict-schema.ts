/**
 * A strict reading of one of our OpenAPI documents, derived at test time: every open enum
 * (`anyOf: [{type, enum}, {type}]`, which lets a new app value through) is closed to its listed
 * values, and every object schema with `properties` forbids properties it does not list
 * (`unevaluatedProperties: false`, which sees through `allOf`). Objects that say
 * `additionalProperties` themselves keep what they say.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{type: string, enum: [...]}` out of `anyOf: [{type: string, enum: [...]}, {type: string}]`; undefined otherwise. */
function closedEnum(schema: Json): Json | undefined {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const [a, b] = anyOf as unknown[];
  if (!isObject(a) || !isObject(b)) return undefined;
  const [listed, open] = Array.isArray(a.enum) ? [a, b] : [b, a];
  if (!Array.isArray(listed.enum) || Array.isArray(open.enum) || Object.keys(open).some((key) => key !== 'type' && key !== 'description') || open.type !== listed.type) return undefined;
  const { anyOf: _open, ...rest } = schema;
  return { ...rest, ...listed };
}

function strictNode(node: unknown, inAllOf: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => strictNode(item, false));
  if (!isObject(node)) return node;
  const closed = closedEnum(node);
  if (closed !== undefined) return strictNode(closed, inAllOf);
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'allOf' && Array.isArray(value)) out.allOf = value.map((member) => openRef(strictNode(member, true)));
    else if (key === 'properties' && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, strictNode(schema, false)]));
    else if (key === 'example' || key === 'examples') out[key] = value;
    else out[key] = strictNode(value, false);
  }
  const closesItself = 'additionalProperties' in node || 'unevaluatedProperties' in node;
  if (!inAllOf && !closesItself && (isObject(node.properties) || Array.isArray(node.allOf))) out.unevaluatedProperties = false;
  return out;
}

/** An `allOf` member that is a reference points at the open twin of its schema (closed only by the whole). */
function openRef(member: unknown): unknown {
  if (isObject(member) && typeof member.$ref === 'string' && member.$ref.startsWith('#/components/schemas/')) return { ...member, $ref: `${member.$ref}__open` };
  return member;
}

/** The strict twin of a document: schemas closed, plus an open twin of every schema (`Name__open`) for `allOf` members. */
export function strictDocument(document: Json): Json {
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const strict: Json = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const closed = strictNode(schema, false);
    strict[name] = closed;
    if (isObject(closed)) {
      const { unevaluatedProperties: _closed, ...open } = closed;
      strict[`${name}__open`] = open;
    }
  }
  return { ...document, paths: strictNode(document.paths, false), components: { ...components, schemas: strict, responses: strictNode(components.responses, false) } };
}
