import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runScript } from './run-script.ts';

// Small documents written for these tests: an "upstream" JSON and "our" YAML, as the drift check
// reads them in CI (the real upstream documents are never read here).
const upstream = {
  openapi: '3.0.1',
  paths: {
    '/api/v3/movie/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Movie' } } } } },
      },
    },
    '/api/v3/tag': { get: { responses: { '200': { description: 'OK' } } } },
  },
  components: {
    schemas: {
      Movie: {
        type: 'object',
        properties: { id: { type: 'integer' }, title: { type: 'string', nullable: true }, status: { $ref: '#/components/schemas/Status' } },
      },
      Status: { type: 'string', enum: ['tba', 'announced', 'released'] },
    },
  },
};

function ours(movie: Record<string, unknown>, idType = 'string', extraPath = false): string {
  const paths: Record<string, unknown> = {
    '/api/v3/movie/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: idType } }],
        responses: { '200': { description: 'The movie', content: { 'application/json': { schema: { $ref: '#/components/schemas/Movie' } } } } },
      },
    },
  };
  if (extraPath) paths['/api/v3/invented'] = { get: { responses: { '200': { description: 'no' } } } };
  return stringify({ openapi: '3.1.0', paths, components: { schemas: { Movie: { type: 'object', properties: movie } } } });
}

const dirs: string[] = [];
async function drift(doc: string, allow: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'drift-'));
  dirs.push(dir);
  await writeFile(join(dir, 'radarr.yaml'), doc);
  await writeFile(join(dir, 'upstream.json'), JSON.stringify(upstream));
  await writeFile(join(dir, 'allow.yaml'), stringify(allow));
  return runScript('openapi-drift.ts', ['--spec', join(dir, 'radarr.yaml'), '--upstream', join(dir, 'upstream.json'), '--allow', join(dir, 'allow.yaml')], dir);
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const compatibleMovie = { id: { type: 'integer' }, title: { type: ['string', 'null'] }, status: { anyOf: [{ type: 'string', enum: ['tba', 'released'] }, { type: 'string' }] } };

describe('openapi drift check', () => {
  it('passes a compatible document and reports its coverage of the upstream operations', async () => {
    const run = await drift(ours(compatibleMovie));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 operations of 2 upstream \(50\.0% coverage\), 0 incompatibilities/);
  });

  it('fails on a parameter of another type, a field upstream lacks, an enum value upstream lacks and an invented operation', async () => {
    const movie = { ...compatibleMovie, runtime: { type: 'integer' }, status: { type: 'string', enum: ['tba', 'rumoured'] } };
    const run = await drift(ours(movie, 'integer', true));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('incompatible: GET /api/v3/movie/{id} path:id: ours is integer, upstream is string');
    expect(run.stdout).toContain('incompatible: GET /api/v3/movie/{id} 200.runtime: not in upstream');
    expect(run.stdout).toContain('incompatible: GET /api/v3/movie/{id} 200.status: enum values rumoured are not upstream');
    expect(run.stdout).toContain('incompatible: GET /api/v3/invented: operation not in upstream');
  });

  it('accepts a difference listed with its reason as deliberate, and only that one', async () => {
    const allow = { 'radarr.yaml': { 'GET /api/v3/movie/{id} path:id': 'Radarr binds ids as int.' } };
    const listed = await drift(ours(compatibleMovie, 'integer'), allow);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('deliberate: GET /api/v3/movie/{id} path:id');
    const other = await drift(ours({ ...compatibleMovie, runtime: { type: 'integer' } }, 'integer'), allow);
    expect(other.code).toBe(1);
  });

  it('counts a field the app hides from its document (x-upstream-hidden) as deliberate, and not one without the mark', async () => {
    const hidden = await drift(ours({ ...compatibleMovie, grabbed: { type: 'boolean', readOnly: true, 'x-upstream-hidden': 'MovieResource.Grabbed is [SwaggerIgnore]' } }));
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain('deliberate: GET /api/v3/movie/{id} 200.grabbed: not in upstream, which hides it (x-upstream-hidden)');
    expect(hidden.stdout).toMatch(/0 incompatibilities, 1 deliberate differences/);
    const unmarked = await drift(ours({ ...compatibleMovie, grabbed: { type: 'boolean', readOnly: true } }));
    expect(unmarked.code).toBe(1);
    expect(unmarked.stdout).toContain('incompatible: GET /api/v3/movie/{id} 200.grabbed: not in upstream');
  });

  it('lists each upstream operation we do not describe, as deliberate when its reason is listed', async () => {
    const unlisted = await drift(ours(compatibleMovie));
    expect(unlisted.code).toBe(0);
    expect(unlisted.stdout).toContain('not covered: GET /api/v3/tag');
    expect(unlisted.stdout).toMatch(/1 upstream operations not covered, 0 left out deliberately/);
    const listed = await drift(ours(compatibleMovie), { 'radarr.yaml': { 'GET /api/v3/tag': 'Not an API route.' } });
    expect(listed.stdout).toContain('deliberate: GET /api/v3/tag');
    expect(listed.stdout).toMatch(/0 upstream operations not covered, 1 left out deliberately/);
  });
});
