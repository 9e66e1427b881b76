/**
 * The apps' own OpenAPI documents (Radarr v6.0.3, Sonarr v4.0.19), read from `DISCARR_UPSTREAM_DIR` (which
 * `.ci/run` sets when it finds them) or else `../shared/openapi/upstream`,
 * when a CI machine has them. Test-only: nothing shipped reads them, and nothing of them is copied.
 * They are OpenAPI 3.0, so `nullable: true` becomes a `null` alternative for the 2020-12 validator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** Where the apps' documents are, beside the repository. */
export const UPSTREAM_DIR = process.env.DISCARR_UPSTREAM_DIR ?? fileURLToPath(new URL('../../../../shared/openapi/upstream', import.meta.url));

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function withNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNulls);
  if (!isObject(node)) return node;
  const { nullable, ...rest } = node;
  const out = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withNulls(value)]));
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** The app's document, nullable fields made explicit. */
export function upstreamDocument(app: 'radarr' | 'sonarr'): Json {
  const file = readdirSync(UPSTREAM_DIR).find((name) => name.startsWith(`${app}-`) && name.endsWith('.json'));
  if (file === undefined) throw new Error(`No ${app} document in ${UPSTREAM_DIR}`);
  return withNulls(JSON.parse(readFileSync(join(UPSTREAM_DIR, file), 'utf8'))) as Json;
}

/** Validates recorded answers against the document's response schema for their status; undefined where it has none. */
export function upstreamValidator(document: Json) {
  const title = (document.info as Json | undefined)?.title;
  const id = `https://upstream.invalid/${typeof title === 'string' ? encodeURIComponent(title) : 'app'}.json`;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: id });
  const rebase = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(rebase);
    if (!isObject(schema)) return schema;
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${id}${value}` : rebase(value)]));
  };
  return {
    check(entry: { method: string; template: string; status: number; body: unknown }): string[] | undefined {
      const operation = ((document.paths as Json)[entry.template] as Json | undefined)?.[entry.method.toLowerCase()] as Json | undefined;
      const response = (operation?.responses as Json | undefined)?.[String(entry.status)] as Json | undefined;
      const content = response?.content as Json | undefined;
      const schema = ((content?.['application/json'] ?? content?.['text/json'] ?? content?.['text/plain']) as Json | undefined)?.schema;
      if (schema === undefined || entry.body === undefined) return undefined;
      const validate = ajv.compile(rebase(schema) as Json);
      if (validate(entry.body)) return [];
      return (validate.errors ?? []).slice(0, 3).map((error) => `${entry.method} ${entry.template} ${entry.status}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
  };
}
