/**
 * The helpers whose results the shared code types by the app's schemas (`QueueApi<R, Status>`,
 * `CommandApi<R, C>`) are held to what the app's own document says the operation answers: a
 * schema renamed or reshaped in `openapi/` breaks these, not a user at run time.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Data } from './call-types.ts';
import type { RadarrClient, RadarrPaths } from './radarr-client.ts';
import type { SonarrClient, SonarrPaths } from './sonarr-client.ts';

type Records<Page> = Page extends { records?: (infer R)[] | null } ? R[] : never;
type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

describe('shared helpers answer what the documents say', () => {
  it('types the queue by each app document', () => {
    expectTypeOf<Resolved<RadarrClient['queue']['list']>>().toEqualTypeOf<Records<Data<RadarrPaths, '/api/v3/queue'>>>();
    expectTypeOf<Resolved<SonarrClient['queue']['list']>>().toEqualTypeOf<Records<Data<SonarrPaths, '/api/v3/queue'>>>();
    expectTypeOf<Resolved<RadarrClient['queue']['status']>>().toEqualTypeOf<Data<RadarrPaths, '/api/v3/queue/status'>>();
    expectTypeOf<Resolved<SonarrClient['queue']['status']>>().toEqualTypeOf<Data<SonarrPaths, '/api/v3/queue/status'>>();
  });

  it('types commands by each app document', () => {
    expectTypeOf<Resolved<RadarrClient['command']['get']>>().toEqualTypeOf<Data<RadarrPaths, '/api/v3/command/{id}'>>();
    expectTypeOf<Resolved<SonarrClient['command']['get']>>().toEqualTypeOf<Data<SonarrPaths, '/api/v3/command/{id}'>>();
    expectTypeOf<Resolved<RadarrClient['command']['list']>>().toEqualTypeOf<Data<RadarrPaths, '/api/v3/command'>>();
  });

  it('types the paged lists by the page records of the document', () => {
    expectTypeOf<Resolved<RadarrClient['wanted']['missing']>>().toEqualTypeOf<Records<Data<RadarrPaths, '/api/v3/wanted/missing'>>>();
    expectTypeOf<Resolved<SonarrClient['wanted']['cutoff']>>().toEqualTypeOf<Records<Data<SonarrPaths, '/api/v3/wanted/cutoff'>>>();
  });

  it('types reference data and system reads by the document', () => {
    expectTypeOf<Resolved<RadarrClient['health']>>().toEqualTypeOf<Data<RadarrPaths, '/api/v3/health'>>();
    expectTypeOf<Resolved<SonarrClient['tags']>>().toEqualTypeOf<Data<SonarrPaths, '/api/v3/tag'>>();
    expectTypeOf<Resolved<RadarrClient['movies']['get']>>().toEqualTypeOf<Data<RadarrPaths, '/api/v3/movie/{id}'>>();
  });
});
